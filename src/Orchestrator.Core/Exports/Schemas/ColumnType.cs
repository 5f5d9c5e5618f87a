namespace Orchestrator.Exports.Schemas;

/// <summary>The types a report column can have; every export format maps them (see docs/exports-lake.md).</summary>
#pragma warning disable CA1720 // The members are the type names the manifest and the docs use, on purpose.
public enum ColumnType
{
    /// <summary>UTF-8 text, exported as is.</summary>
    String = 0,

    /// <summary>64-bit signed integer.</summary>
    Integer = 1,

    /// <summary>IEEE 754 double.</summary>
    Double = 2,

    /// <summary>Exact decimal with the column's <see cref="SchemaColumn.Precision"/> and <see cref="SchemaColumn.Scale"/>.</summary>
    Decimal = 3,

    /// <summary><c>true</c>/<c>false</c> (also <c>1</c>/<c>0</c>).</summary>
    Boolean = 4,

    /// <summary>A calendar day, <c>yyyy-MM-dd</c>.</summary>
    Date = 5,

    /// <summary>An instant in UTC (ISO 8601; a value without an offset is taken as UTC), microsecond precision.</summary>
    Timestamp = 6,
}
#pragma warning restore CA1720
