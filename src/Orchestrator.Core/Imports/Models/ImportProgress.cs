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
    long RowsDeleted = 0,
    long RowsInserted = 0)
{
    /// <summary>Of <see cref="RowsImported"/>, the rows that updated an existing user.</summary>
    public long RowsUpdated => this.RowsImported - this.RowsInserted;
}
