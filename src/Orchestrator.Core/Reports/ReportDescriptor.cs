namespace Orchestrator.Reports;

/// <summary>What a report source knows about a report before any byte is read.</summary>
/// <param name="Length">Uncompressed length in bytes.</param>
/// <param name="Columns">Column names from the header row.</param>
/// <param name="RowCount">Data rows when the source knows them up front (otherwise counted while uploading).</param>
public sealed record ReportDescriptor(long Length, IReadOnlyList<string> Columns, long? RowCount);
