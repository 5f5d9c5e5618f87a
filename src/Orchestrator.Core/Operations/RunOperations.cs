using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>
/// Operator actions on runs, shared by both hosts (HTTP handlers and the purge timer call these): list, detail,
/// cancel, retry and purge of durable history.
/// </summary>
public sealed class RunOperations(
    IRunStore runs,
    IRunExecutionStore executions,
    RunHistoryReader history,
    ExportUploadCleaner cleaner,
    IOptions<OperationsOptions> options,
    TimeProvider time,
    ILogger<RunOperations> logger)
{
    /// <summary>The reason stored in the durable instance and as the run record's error.</summary>
    public const string CancelReason = "Cancelled by an operator.";

    /// <summary>States whose history may be purged, and from which a retry may start.</summary>
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public Task<RunPage> ListAsync(RunQuery query, CancellationToken cancellationToken) => runs.QueryAsync(query, cancellationToken);

    /// <summary>The instance, the record (of <paramref name="tenantId"/>'s run; none for runs without a tenant) and the timeline.</summary>
    public async Task<RunDetail?> GetDetailAsync(DurableTaskClient client, string? tenantId, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        var record = tenantId is null ? null : await runs.GetAsync(tenantId, runId, cancellationToken);
        if (instance is null && record is null)
        {
            return null;
        }

        var timeline = instance is null
            ? RunTimeline.Unavailable
            : RunTimelineBuilder.WithExecutions(
                RunTimelineBuilder.WithFailure(await history.ReadAsync(client, runId, cancellationToken), InstanceFailure.MessageOf(instance)),
                await executions.CountAsync(runId, cancellationToken));
        return new RunDetail(instance, record, timeline);
    }

    /// <summary>
    /// Terminates a running instance, waits for it to stop, aborts any multipart upload at an export's key until
    /// none reappears, and records the run as failed with <see cref="CancelReason"/>.
    /// </summary>
    public Task<CancelOutcome> CancelAsync(DurableTaskClient client, string tenantId, string runId, CancellationToken cancellationToken) =>
        this.CancelAsync(client, tenantId, runId, CancelReason, cancellationToken);

    /// <summary>Cancels like <see cref="CancelAsync(DurableTaskClient, string, string, CancellationToken)"/>, giving <paramref name="reason"/> instead.</summary>
    public async Task<CancelOutcome> CancelAsync(DurableTaskClient client, string tenantId, string runId, string reason, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return new CancelOutcome(CancelStatus.NotFound, null, null, null);
        }

        // A terminated run may be cancelled again: the cleanup below is idempotent, so a cancel whose cleanup
        // failed can simply be repeated.
        if (instance.IsCompleted && instance.RuntimeStatus != OrchestrationRuntimeStatus.Terminated)
        {
            return new CancelOutcome(CancelStatus.AlreadyFinished, instance, null, null);
        }

        if (!instance.IsCompleted)
        {
            await client.TerminateInstanceAsync(runId, output: reason, cancellationToken);
            Log.RunCancelled(logger, runId);
            instance = await this.WaitUntilStoppedAsync(client, runId, cancellationToken) ?? instance;
        }

        ExportRequest? export = instance.Name == nameof(ExportOrchestrator) ? instance.ReadInputAs<ExportRequest>() : null;
        UploadCleanup? cleanup = null;
        string? cleanupError = null;
        if (export is not null)
        {
            try
            {
                cleanup = await cleaner.AbortUntilQuietAsync(runId, export, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                cleanupError = ex.Message;
            }
        }

        await this.RecordCancelledAsync(tenantId, runId, export, reason, cleanupError, cancellationToken);
        return new CancelOutcome(CancelStatus.Cancelled, instance, cleanup, cleanupError);
    }

    /// <summary>
    /// Restarts a failed or terminated run under the same id with its original input. Once its durable history is gone
    /// (purged, or lost with the in-memory backend) the run record decides: a run it shows failed (or still running,
    /// which no backend runs any more) is started again with the input rebuilt from the record.
    /// </summary>
    public async Task<RetryOutcome> RetryAsync(DurableTaskClient client, string tenantId, string runId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        string name;
        object? input = null;
        if (instance is null)
        {
            var record = await runs.GetAsync(tenantId, runId, cancellationToken);
            if (record is null || InputOf(record) is not { } rebuilt)
            {
                return new RetryOutcome(RetryStatus.NotFound, null);
            }

            if (RunReuse.IsDone(record))
            {
                return new RetryOutcome(RetryStatus.NotRetryable, null, record.Status.ToString());
            }

            (name, input) = rebuilt;
        }
        else
        {
            if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
            {
                return new RetryOutcome(RetryStatus.NotRetryable, instance, instance.RuntimeStatus.ToString());
            }

            // The stored input is passed back as JSON, so any orchestrator's input round-trips unchanged.
            name = instance.Name;
            if (!string.IsNullOrEmpty(instance.SerializedInput))
            {
                using var document = JsonDocument.Parse(instance.SerializedInput);
                input = document.RootElement.Clone();
            }
        }

        var outcome = await RunStarter.StartUnrecordedAsync(client, name, runId, input!, force: true, cancellationToken);
        Log.RunRetried(logger, runId);
        return new RetryOutcome(RetryStatus.Restarted, outcome.Metadata);
    }

    /// <summary>Purges the durable history of finished instances created more than <paramref name="olderThanDays"/> days ago.</summary>
    public Task<HistoryPurgeResult> PurgeOlderThanAsync(DurableTaskClient client, int olderThanDays, CancellationToken cancellationToken) =>
        this.PurgeCreatedBeforeAsync(client, time.GetUtcNow().AddDays(-olderThanDays), cancellationToken);

    /// <summary>
    /// Purges finished instances created before <paramref name="cutOff"/>, a batch at a time: query one batch of
    /// ids (created before the cut-off, in a finished state), purge each, and query again from the start (purged
    /// instances drop out, so no continuation token goes stale) until a query finds none. Running instances are
    /// never touched, whatever their age.
    /// </summary>
    public async Task<HistoryPurgeResult> PurgeCreatedBeforeAsync(DurableTaskClient client, DateTimeOffset cutOff, CancellationToken cancellationToken)
    {
        Log.PurgeStarting(logger, cutOff);
        int batchSize = options.Value.PurgeBatchSize;
        int purged = 0;
        int batches = 0;
        while (true)
        {
            var query = new OrchestrationQuery { CreatedTo = cutOff, Statuses = Finished, PageSize = batchSize, FetchInputsAndOutputs = false };
            var batch = new List<string>(batchSize);
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                // The backend filters too; checked again so that nothing newer or unfinished is ever purged.
                if (instance.CreatedAt < cutOff && instance.IsCompleted)
                {
                    batch.Add(instance.InstanceId);
                }

                if (batch.Count == batchSize)
                {
                    break;
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            int before = purged;
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (id, ct) =>
                {
                    Interlocked.Add(ref purged, (await client.PurgeInstanceAsync(id, cancellation: ct)).PurgedInstanceCount);
                    await executions.DeleteAsync(id, ct); // the executions go with the history they annotate
                });
            batches++;
            if (purged == before)
            {
                break; // the backend would not purge any of them: stop rather than query the same batch forever
            }
        }

        Log.PurgeCompleted(logger, purged, cutOff, batches);
        return new HistoryPurgeResult(purged, batches, cutOff);
    }

    /// <summary>The orchestrator and input of a recorded export or import, rebuilt from its record (references only).</summary>
    private static (string Name, object Input)? InputOf(RunRecord record) => record switch
    {
        { Kind: ExportOrchestrator.RunKind, Report: { } report, Period: { } period } =>
            (nameof(ExportOrchestrator), new ExportRequest(record.TenantId, record.DestinationId, report, period)),
        { Kind: ImportOrchestrator.RunKind, Report: { } prefix, Period: { } day } =>
            (nameof(ImportOrchestrator), new ImportRequest(record.TenantId, record.DestinationId, prefix, day, Force: false)),
        _ => null,
    };

    private async Task<OrchestrationMetadata?> WaitUntilStoppedAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(options.Value.CancelMaxWait);
        try
        {
            return await client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        }
    }

    private async Task RecordCancelledAsync(
        string tenantId, string runId, ExportRequest? export, string reason, string? cleanupError, CancellationToken cancellationToken)
    {
        string error = cleanupError is null ? reason : $"{reason} Cleaning up its upload failed: {cleanupError}";
        try
        {
            var existing = await runs.GetAsync(tenantId, runId, cancellationToken);
            var record = existing ?? (export is null
                ? null
                : new RunRecord
                {
                    TenantId = export.TenantId,
                    RunId = runId,
                    Kind = ExportOrchestrator.RunKind,
                    DestinationId = export.DestinationId,
                    Report = export.Report,
                    Period = export.Period,
                    StartedAt = time.GetUtcNow(),
                });
            if (record is not null)
            {
                await runs.UpsertAsync(record with { Status = RunStatus.Failed, Error = error, FinishedAt = time.GetUtcNow() }, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CancelRecordFailed(logger, runId, ex.Message);
        }
    }
}
