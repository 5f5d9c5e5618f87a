using Orchestrator.Runs;

namespace Orchestrator.Exports.Schemas;

/// <summary>Matches a report's source header against its declared schema.</summary>
public static class ExportSchemaResolver
{
    /// <summary>
    /// Types the <paramref name="header"/> of <paramref name="report"/>. A declared column missing from the header
    /// fails the run (a permanent failure naming the columns); columns the catalog does not declare are strings.
    /// </summary>
    /// <exception cref="PermanentRunException">A declared column is missing, or the header repeats a name.</exception>
    public static ExportSchema Resolve(string report, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var duplicates = header.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new PermanentRunException(
                $"The source of report '{report}' repeats the column(s) {Quote(duplicates)} in its header; column names must be unique.");
        }

        var declared = ReportSchemaCatalog.Find(report);
        if (declared is null)
        {
            return new ExportSchema(
                header.Select((name, i) => new ExportColumn(new SchemaColumn(name, ColumnType.String), i, Declared: false)).ToList(),
                Declared: false,
                ExtraColumns: []);
        }

        var missing = declared.Columns.Where(c => !header.Contains(c.Name, StringComparer.Ordinal)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new PermanentRunException(
                $"The source of report '{report}' lacks the declared column(s) {Quote(missing)}; its header has {Quote(header)}. Nothing was exported.");
        }

        var byName = declared.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var columns = header.Select((name, i) => byName.TryGetValue(name, out var column)
            ? new ExportColumn(column, i, Declared: true)
            : new ExportColumn(new SchemaColumn(name, ColumnType.String), i, Declared: false)).ToList();
        return new ExportSchema(columns, Declared: true, columns.Where(c => !c.Declared).Select(c => c.Column.Name).ToList());
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
