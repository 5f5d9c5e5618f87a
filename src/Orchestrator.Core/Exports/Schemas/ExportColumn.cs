namespace Orchestrator.Exports.Schemas;

/// <summary>An exported column: its typed definition and where it sits in the source header.</summary>
/// <param name="SourceIndex">0-based position of the column in the source CSV header.</param>
/// <param name="Declared">False for a column the catalog does not declare (exported as a string).</param>
public sealed record ExportColumn(SchemaColumn Column, int SourceIndex, bool Declared);
