using Orchestrator.Exports.Schemas;

namespace Orchestrator.Exports.Formats;

/// <summary>Parses fields by their column's type and counts, per column, the values that did not parse (written as null).</summary>
public sealed class InvalidValueCounter(ExportSchema schema)
{
    private readonly long[] counts = new long[schema.Columns.Count];

    /// <summary>The value of column <paramref name="index"/> in <paramref name="fields"/>: parsed, or null (counted) when it does not parse.</summary>
    public object? Parse(IReadOnlyList<string> fields, int index)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var column = schema.Columns[index];
        if (ColumnValues.TryParse(fields[column.SourceIndex], column.Column, out object? value))
        {
            return value;
        }

        this.counts[index]++;
        return null;
    }

    /// <summary>Columns with at least one invalid value, and how many.</summary>
    public IReadOnlyDictionary<string, long> Counts => schema.Columns
        .Select((c, i) => (c.Column.Name, Count: this.counts[i]))
        .Where(x => x.Count > 0)
        .ToDictionary(x => x.Name, x => x.Count, StringComparer.Ordinal);
}
