namespace Orchestrator.Exports.Models;

/// <summary>Column names of the exported CSV, in order.</summary>
public sealed record ManifestSchema(string Format, IReadOnlyList<string> Columns);
