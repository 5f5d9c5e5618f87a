namespace Orchestrator.Imports.Models;

/// <summary>Custom status of a running import.</summary>
public sealed record ImportProgress(
    string Phase,
    int FilesSeen,
    int FilesImported,
    int FilesSkipped,
    int FilesFailed,
    long RowsImported,
    long RowsRejected,
    long Bytes,
    string? CurrentFile,
    long RowsDeleted = 0);
