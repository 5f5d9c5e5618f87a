namespace Orchestrator.Imports.Models;

/// <summary>What a chunk did, and where the next one starts (a checkpoint recorded in the orchestration's history).</summary>
/// <param name="RowsInserted">Of <see cref="RowsImported"/>, the rows that created their user; the rest updated one.</param>
/// <param name="FileError">Set when the file as a whole cannot be imported (not CSV/JSON Lines, bad header, ...).</param>
public sealed record ImportChunkResult(
    long NextOffset,
    long NextLine,
    bool Done,
    IReadOnlyList<string>? Columns,
    long RowsImported,
    long RowsRejected,
    long BytesRead,
    string? FileError,
    long RowsDeleted = 0,
    long RowsInserted = 0);
