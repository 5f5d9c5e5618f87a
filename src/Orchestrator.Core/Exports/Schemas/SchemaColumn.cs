using System.Globalization;

namespace Orchestrator.Exports.Schemas;

/// <summary>One typed column of a report schema.</summary>
/// <param name="Precision">Total digits, for <see cref="ColumnType.Decimal"/> only (at most 18).</param>
/// <param name="Scale">Digits after the point, for <see cref="ColumnType.Decimal"/> only.</param>
public sealed record SchemaColumn(string Name, ColumnType Type, int Precision = 0, int Scale = 0)
{
    public static SchemaColumn DecimalOf(string name, int precision, int scale) => new(name, ColumnType.Decimal, precision, scale);

    /// <summary>The type as the manifest names it: <c>string</c>, <c>integer</c>, <c>double</c>, <c>decimal(18,2)</c>, <c>boolean</c>, <c>date</c>, <c>timestamp</c>.</summary>
    public string TypeName => this.Type == ColumnType.Decimal
        ? string.Create(CultureInfo.InvariantCulture, $"decimal({this.Precision},{this.Scale})")
        : this.Type.ToString().ToLowerInvariant();
}
