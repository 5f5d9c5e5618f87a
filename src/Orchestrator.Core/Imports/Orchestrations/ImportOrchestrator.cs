using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations.Activities;
using Orchestrator.Destinations.Models;
using Orchestrator.Domain;
using Orchestrator.Imports.Activities;
using Orchestrator.Imports.Counts;
using Orchestrator.Imports.Models;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Imports.Orchestrations;

/// <summary>
/// Imports user attributes from the files under a prefix of the customer's bucket: page through the listing, skip
/// files the ledger shows unchanged, import each other file chunk by chunk (each chunk's end is a checkpoint in this
/// orchestration's history, so a crash resumes at the last finished chunk), record it in the ledger, then write the
/// error report and the run record. A file that cannot be read as CSV/JSON Lines fails alone, not the run. Each
/// generation handles one listing page of <c>Import:FilesPerGeneration</c> files and continues as new carrying only
/// counters and the cursor (<see cref="ImportGeneration"/>); the last generation sweeps (mirror), reports and records.
/// </summary>
public sealed class ImportOrchestrator : TaskOrchestrator<ImportRequest, ImportResult>
{
    public const string RunKind = "import";

    /// <summary>Failed files named in the run's error; the error report lists all of them.</summary>
    private const int FailedFilesNamed = 3;

    public override async Task<ImportResult> RunAsync(TaskOrchestrationContext context, ImportRequest input)
    {
        ILogger logger = context.CreateReplaySafeLogger<ImportOrchestrator>();
        var options = RunRetryPolicies.ForImports;
        string runId = context.InstanceId;
        var carried = input.Generation;

        // Activities see the request without the carried state (it is the orchestration's, not theirs).
        var request = input with { Generation = null };
        var record = RunLifecycle.Running(context, RunKind, input.TenantId, input.DestinationId, input.Prefix, input.RunDate);
        if (carried is null)
        {
            Log.ImportStarted(logger, input.Prefix);
        }
        else
        {
            record = record with { StartedAt = carried.StartedAt };
        }

        var totals = carried?.Totals ?? new ImportProgress("listing", 0, 0, 0, 0, 0, 0, 0, null);
        var failedFiles = new List<ImportFileFailure>(carried?.FailedFiles ?? []);

        // The run's mark on every row it stores (replay-safe: a resumed run keeps it; later generations carry it), for a mirror's sweep.
        string mark = carried?.Mark ?? context.NewGuid().ToString("N");
        bool continued = false;
        context.SetCustomStatus(totals);
        var result = await RunLifecycle.RunAsync(context, logger, record, ImportAsync, FailedAsync, recordRunning: carried is null);
        if (continued)
        {
            return result;
        }

        totals = totals with { Phase = "completed" };
        context.SetCustomStatus(totals);
        Log.ImportCompleted(logger, totals.FilesImported, totals.FilesSeen, totals.FilesSkipped, totals.FilesFailed, totals.RowsImported, totals.RowsRejected);
        return result;

        async Task<RunOutcome<ImportResult>> ImportAsync()
        {
            // Read once per run: every later step (and generation) gets this snapshot, so an edit during the run never
            // splits it across two settings.
            var destination = carried?.Destination ?? await context.CallActivityAsync<Destination>(
                nameof(ReadDestinationActivity), new DestinationReference(input.TenantId, input.DestinationId), options);

            // One page of the listing per generation: handle its files, then continue as new after its last key, so the
            // history holds at most Import:FilesPerGeneration files' steps however many files the prefix holds.
            var page = await context.CallActivityAsync<ImportFilePage>(
                nameof(ListImportFilesActivity), new ListImportFilesInput(request, destination, carried?.StartAfter), options);
            foreach (var file in page.Files)
            {
                totals = totals with { Phase = "importing", FilesSeen = totals.FilesSeen + 1, CurrentFile = file.Key };
                context.SetCustomStatus(totals);
                // A mirror reads every file: a skipped file's users would not carry the run's mark and be swept.
                if (!input.Force && input.Mode != ImportMode.Mirror
                    && await context.CallActivityAsync<bool>(nameof(CheckImportLedgerActivity), new ImportFileInput(request, file), options))
                {
                    totals = totals with { FilesSkipped = totals.FilesSkipped + 1 };
                    Log.ImportFileSkipped(logger, file.Key, file.ETag);
                    continue;
                }

                await ImportFileAsync(destination, file);
                context.SetCustomStatus(totals);
            }

            if (page.NextStartAfter is { } cursor)
            {
                // Every file of this page is done (imported, skipped or failed, and counted): the next generation starts
                // after the page's last key with the counts so far; the sweep and the record wait for the last one.
                int next = (carried?.Number ?? 0) + 1;
                Log.ImportContinued(logger, next, totals.FilesSeen);
                context.ContinueAsNew(input with
                {
                    Generation = new ImportGeneration(next, cursor, totals with { CurrentFile = null }, failedFiles, mark, destination, record.StartedAt),
                });
                continued = true;
                return new RunOutcome<ImportResult>(null!, record, Continued: true);
            }

            string? refused = input.Mode == ImportMode.Mirror ? await MirrorAsync() : null;
            await CountsChangedAsync();
            totals = totals with { Phase = "reporting", CurrentFile = null };
            context.SetCustomStatus(totals);
            string? report = totals.RowsRejected > 0 || totals.FilesFailed > 0
                ? await context.CallActivityAsync<string?>(nameof(WriteImportErrorReportActivity), new ErrorReportInput(request, destination, runId, totals.RowsRejected), options)
                : null;

            var status = refused is null ? RunStatuses.OfImport(totals.FilesImported, totals.FilesFailed) : RunStatus.Failed;
            string? problem = status == RunStatus.Succeeded ? null
                : refused is null ? FilesFailedMessage(totals, failedFiles, report)
                : totals.FilesFailed > 0 ? refused + ". " + FilesFailedMessage(totals, failedFiles, report)
                : refused + ".";
            if (status == RunStatus.Failed)
            {
                // Nothing could be imported: the run failed, and says so everywhere (durable status, record, API, CLI).
                Log.ImportFailed(logger, problem!);
                context.SetCustomStatus(totals with { Phase = "failed" });
            }

            return new RunOutcome<ImportResult>(
                new ImportResult(
                    runId, totals.FilesSeen, totals.FilesImported, totals.FilesSkipped, totals.FilesFailed, totals.RowsImported, totals.RowsRejected, totals.Bytes, report, status, problem,
                    totals.RowsDeleted, input.Mode, totals.RowsInserted, totals.RowsUpdated),
                ToRecord(record, totals, status, report, problem, context.CurrentUtcDateTime));
        }

        // The import does not wait for a recount: it marks the tenant's counts dirty (one small write, when rows landed)
        // and tells the tenant's counts keeper it ended; the keeper counts once, for all imports that ended meanwhile.
        async Task CountsChangedAsync()
        {
            if (totals.RowsImported > 0 || totals.RowsDeleted > 0)
            {
                await context.CallActivityAsync<long>(nameof(MarkAttributeCountsDirtyActivity), request, options);
            }

            context.SendEvent(AttributeCountOrchestrator.InstanceId(input.TenantId), AttributeCountSignal.EventName, new AttributeCountSignal(AttributeCountSignal.Ended, runId));
        }

        // A mirror removes the source's users its files no longer list, only after every file landed, and only within
        // Import:MirrorMaxDeleteShare; the plan is decided once (recorded in history), so a resumed run sweeps by it.
        // Returns why it removed nothing, or null.
        async Task<string?> MirrorAsync()
        {
            if (totals.FilesFailed > 0)
            {
                return $"mirror: {totals.FilesFailed} file(s) could not be imported, so the run's list of users is incomplete; nothing was deleted";
            }

            totals = totals with { Phase = "mirroring", CurrentFile = null };
            context.SetCustomStatus(totals);
            var plan = await context.CallActivityAsync<MirrorPlan>(nameof(PlanMirrorActivity), new MirrorInput(request, mark), options);
            if (plan.Refusal is not null || plan.Unseen == 0)
            {
                return plan.Refusal;
            }

            await Task.WhenAll(Enumerable.Range(0, plan.Shards).Select(shard =>
                context.CallActivityAsync<long>(nameof(MirrorSweepActivity), new MirrorInput(request, mark, shard), options)));

            // Deleted = planned minus what is still unseen (rows changed since they were read survive). Not the sweeps'
            // own sums: a sweep attempt killed mid-shard never reports the users it removed, and its retry finds them gone.
            var after = await context.CallActivityAsync<MirrorPlan>(nameof(PlanMirrorActivity), new MirrorInput(request, mark), options);
            totals = totals with { RowsDeleted = totals.RowsDeleted + Math.Max(0, plan.Unseen - after.Unseen) };
            return null;
        }

        async Task<RunRecord> FailedAsync(string error)
        {
            Log.ImportFailed(logger, error);
            context.SetCustomStatus(totals with { Phase = "failed" });
            try
            {
                await CountsChangedAsync(); // Rows that landed before the failure are counted too.
            }
            catch (TaskFailedException ex)
            {
                Log.AttributeCountsFailed(logger, ex.Message);
            }

            return ToRecord(record, totals, RunStatus.Failed, null, error, context.CurrentUtcDateTime);
        }

        // Imports one file chunk by chunk. It counts each finished chunk into the run's totals as it finishes, so a
        // chunk that fails leaves the totals (and so the failed run's record) counting the rows that did land.
        async Task ImportFileAsync(Destination destination, ImportFile file)
        {
            long offset = 0;
            long line = 1;
            IReadOnlyList<string>? columns = null;
            long rows = 0;
            long rejected = 0;

            // One id per attempt at this file, recorded in history: a gzip file's checkpoints belong to it.
            string attempt = context.NewGuid().ToString("N");
            while (true)
            {
                var chunk = await context.CallActivityAsync<ImportChunkResult>(
                    nameof(ImportChunkActivity), new ImportChunkInput(request, destination, file, offset, line, columns, attempt, totals.RowsRejected, mark), options);
                if (chunk.FileError is not null)
                {
                    Log.ImportFileFailed(logger, file.Key, chunk.FileError);
                    if (failedFiles.Count < FailedFilesNamed)
                    {
                        failedFiles.Add(new ImportFileFailure(file.Key, chunk.FileError));
                    }

                    totals = totals with
                    {
                        FilesFailed = totals.FilesFailed + 1,
                        RowsImported = totals.RowsImported + chunk.RowsImported,
                        RowsRejected = totals.RowsRejected + chunk.RowsRejected,
                        RowsDeleted = totals.RowsDeleted + chunk.RowsDeleted,
                        RowsInserted = totals.RowsInserted + chunk.RowsInserted,
                    };
                    return;
                }

                rows += chunk.RowsImported;
                rejected += chunk.RowsRejected;
                totals = totals with
                {
                    RowsImported = totals.RowsImported + chunk.RowsImported,
                    RowsRejected = totals.RowsRejected + chunk.RowsRejected,
                    RowsDeleted = totals.RowsDeleted + chunk.RowsDeleted,
                    RowsInserted = totals.RowsInserted + chunk.RowsInserted,
                    Bytes = totals.Bytes + chunk.BytesRead,
                };
                context.SetCustomStatus(totals);
                if (chunk.Done)
                {
                    break;
                }

                (offset, line, columns) = (chunk.NextOffset, chunk.NextLine, chunk.Columns);
            }

            await context.CallActivityAsync<bool>(
                nameof(CompleteImportFileActivity), new ImportFileCompletion(request, file, runId, rows, rejected, context.CurrentUtcDateTime), options);
            Log.ImportFileImported(logger, file.Key, rows, rejected);
            totals = totals with { FilesImported = totals.FilesImported + 1 };
        }
    }

    /// <summary>Which files failed and why: the first few by name, the rest counted, and where the full list is.</summary>
    private static string FilesFailedMessage(ImportProgress totals, List<ImportFileFailure> failedFiles, string? report)
    {
        int attempted = totals.FilesImported + totals.FilesFailed;
        string named = string.Join("; ", failedFiles.Select(f => $"'{f.Key}': {f.Reason}"));
        string more = totals.FilesFailed > failedFiles.Count ? $"; and {totals.FilesFailed - failedFiles.Count} more" : string.Empty;
        string where = report is null ? string.Empty : $". The error report '{report}' lists every file and row not imported";
        return totals.FilesImported == 0
            ? $"No file could be imported: {totals.FilesFailed} of {attempted} failed ({named}{more}){where}."
            : $"{totals.FilesFailed} of {attempted} files failed ({named}{more}){where}.";
    }

    private static RunRecord ToRecord(RunRecord record, ImportProgress totals, RunStatus status, string? report, string? error, DateTime finishedAt) => record with
    {
        Status = status,
        Rows = totals.RowsImported,
        RowsRejected = totals.RowsRejected,
        RowsDeleted = totals.RowsDeleted,
        RowsInserted = totals.RowsInserted,
        RowsUpdated = totals.RowsUpdated,
        Bytes = totals.Bytes,
        FilesSeen = totals.FilesSeen,
        FilesImported = totals.FilesImported,
        FilesSkipped = totals.FilesSkipped,
        FilesFailed = totals.FilesFailed,
        ObjectKey = report,
        Error = error,
        FinishedAt = finishedAt,
    };
}
