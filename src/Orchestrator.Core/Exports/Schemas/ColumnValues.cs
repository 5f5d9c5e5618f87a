using System.Globalization;

namespace Orchestrator.Exports.Schemas;

/// <summary>
/// Parses CSV field text as a column's type. The rules (docs/exports-lake.md): an empty field is null for every
/// type but <see cref="ColumnType.String"/> (where it stays the empty string); a non-empty field that does not parse
/// is written as null and counted per column in the manifest (<c>invalidValues</c>), never dropped with its row.
/// </summary>
public static class ColumnValues
{
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>
    /// Parses <paramref name="text"/>: true with the value (null for an empty field), or false when it does not
    /// parse as <paramref name="column"/>'s type.
    /// </summary>
    public static bool TryParse(string text, SchemaColumn column, out object? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(column);
        value = null;
        if (column.Type == ColumnType.String)
        {
            value = text;
            return true;
        }

        if (text.Length == 0)
        {
            return true;
        }

        switch (column.Type)
        {
            case ColumnType.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer):
                value = integer;
                return true;
            case ColumnType.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real):
                value = real;
                return true;
            case ColumnType.Decimal when TryParseDecimal(text, column, out decimal exact):
                value = exact;
                return true;
            case ColumnType.Boolean when TryParseBoolean(text, out bool flag):
                value = flag;
                return true;
            case ColumnType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day):
                value = day;
                return true;
            case ColumnType.Timestamp when TryParseTimestamp(text, out var instant):
                value = instant;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Microseconds since the Unix epoch (what Parquet's TIMESTAMP(MICROS, UTC) stores).</summary>
    public static long ToUnixMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / (TimeSpan.TicksPerSecond / MicrosPerSecond);

    private static bool TryParseDecimal(string text, SchemaColumn column, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        // More fractional digits than the scale, or more integer digits than precision - scale, would change the
        // value when stored: such a value does not parse (it is counted, not rounded).
        int point = text.IndexOf('.', StringComparison.Ordinal);
        int fraction = point < 0 ? 0 : text.Length - point - 1;
        decimal limit = Pow10(column.Precision - column.Scale);
        return fraction <= column.Scale && Math.Abs(value) < limit;
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "t":
                value = true;
                return true;
            case "false" or "0" or "f":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TryParseTimestamp(string text, out DateTime utc)
    {
        // ISO 8601 only ('T' or ' ' between day and time); a value without an offset is UTC.
        if (text.Length >= 10 && DateTime.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out utc)
            && char.IsAsciiDigit(text[0]) && text[4] == '-')
        {
            return true;
        }

        utc = default;
        return false;
    }
}
