namespace Orchestrator.Exports.Models;

/// <summary>
/// The exported schema: the format, the column names in order (v1) and, from manifest v2, whether the report is in
/// the catalog, the schema fingerprint, the typed columns and the extra (undeclared, string) columns.
/// </summary>
public sealed record ManifestSchema(
    string Format,
    IReadOnlyList<string> Columns,
    bool? Declared = null,
    string? Fingerprint = null,
    IReadOnlyList<ManifestColumn>? Types = null,
    IReadOnlyList<string>? ExtraColumns = null);
