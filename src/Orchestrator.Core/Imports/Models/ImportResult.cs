namespace Orchestrator.Imports.Models;

/// <summary>Output of an import run.</summary>
public sealed record ImportResult(
    string RunId,
    int FilesSeen,
    int FilesImported,
    int FilesSkipped,
    int FilesFailed,
    long RowsImported,
    long RowsRejected,
    long Bytes,
    string? ErrorReportKey);
