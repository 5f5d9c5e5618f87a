using Orchestrator.Runs;

namespace Orchestrator.Imports.Models;

/// <summary>Output of an import run that imported something (an import that imported nothing fails instead).</summary>
/// <param name="Status">Succeeded, or PartiallySucceeded when some files failed.</param>
/// <param name="Error">Which files failed and why (the first few; the error report lists all), or null.</param>
/// <param name="RowsImported">Rows stored: <paramref name="RowsInserted"/> + <paramref name="RowsUpdated"/>.</param>
/// <param name="RowsInserted">Rows that created their user (a user new to the store).</param>
/// <param name="RowsUpdated">Rows that updated an existing user (a user listed twice counts once inserted, once updated).</param>
/// <param name="RowsDeleted">Users removed (rows with <c>_delete</c>, a delete run's rows, a mirror's sweep); each counted once.</param>
public sealed record ImportResult(
    string RunId,
    int FilesSeen,
    int FilesImported,
    int FilesSkipped,
    int FilesFailed,
    long RowsImported,
    long RowsRejected,
    long Bytes,
    string? ErrorReportKey,
    RunStatus Status = RunStatus.Succeeded,
    string? Error = null,
    long RowsDeleted = 0,
    ImportMode Mode = ImportMode.Upsert,
    long RowsInserted = 0,
    long RowsUpdated = 0);
