namespace Orchestrator.Exports.Schemas;

/// <summary>
/// The schema an export writes: the source header's columns in their order, typed by the catalog, with the columns
/// the catalog does not declare exported as strings (and listed in <see cref="ExtraColumns"/>).
/// </summary>
/// <param name="Declared">Whether the report is in <see cref="ReportSchemaCatalog"/>.</param>
public sealed record ExportSchema(IReadOnlyList<ExportColumn> Columns, bool Declared, IReadOnlyList<string> ExtraColumns)
{
    public IEnumerable<SchemaColumn> Typed => this.Columns.Select(c => c.Column);

    /// <summary>See <see cref="ReportSchema.Fingerprint"/>.</summary>
    public string Fingerprint => ReportSchema.Fingerprint(this.Typed);
}
