using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations.Activities;
using Orchestrator.Destinations.Models;
using Orchestrator.Domain;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.Retention.Activities;
using Orchestrator.Retention.Models;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Orchestrations;

/// <summary>
/// Exports one report for one day into a customer's bucket: read the destination once, begin a multipart upload, upload parts with
/// bounded fan-out, complete, write the manifest, record the run. Any permanent failure after the upload began
/// aborts it, so the bucket holds the complete object or nothing. Deterministic: no clock, I/O or randomness here.
/// </summary>
public sealed class ExportOrchestrator : TaskOrchestrator<ExportRequest, ExportResult>
{
    public const string RunKind = "export";

    public override async Task<ExportResult> RunAsync(TaskOrchestrationContext context, ExportRequest input)
    {
        ILogger logger = context.CreateReplaySafeLogger<ExportOrchestrator>();
        var options = RunRetryPolicies.ForExports;
        string runId = context.InstanceId;
        var record = RunLifecycle.Running(context, RunKind, input.TenantId, input.DestinationId, input.Report, input.Period);

        Log.ExportStarted(logger, input.Report, input.Period.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        context.SetCustomStatus(new ExportProgress(ExportPhases.Validating, 0, 0, 0, 0));

        Destination? destination = null;
        ExportPlan? plan = null;
        var inFlight = new List<Task<PartResult>>();
        var result = await RunLifecycle.RunAsync(context, logger, record, ExportAsync, FailedAsync);
        context.SetCustomStatus(new ExportProgress(ExportPhases.Completed, result.Parts, result.Parts, plan!.SourceLength, plan.SourceLength));
        Log.ExportCompleted(logger, result.Bytes, result.Rows, result.Parts);
        return result;

        async Task<RunOutcome<ExportResult>> ExportAsync()
        {
            // Read once: every later step gets this snapshot, so an edit during the run never splits it across two settings.
            destination = await context.CallActivityAsync<Destination>(
                nameof(ReadDestinationActivity), new DestinationReference(input.TenantId, input.DestinationId), options);
            plan = await context.CallActivityAsync<ExportPlan>(nameof(BeginExportActivity), new BeginExportInput(input, destination), options);

            var parts = await UploadPartsAsync(context, input, destination, plan, inFlight, options);

            context.SetCustomStatus(new ExportProgress(ExportPhases.Completing, plan.PartCount, plan.PartCount, plan.SourceLength, plan.SourceLength));
            var completed = await context.CallActivityAsync<CompletedObject>(
                nameof(CompleteExportActivity), new CompleteExportInput(input, destination, plan, parts), options);
            var manifest = await context.CallActivityAsync<WrittenObject>(
                nameof(WriteManifestActivity), new ManifestInput(input, destination, plan, completed, runId, context.CurrentUtcDateTime), options);
            var retention = await ApplyRetentionAsync(context, logger, destination, runId, options);

            return new RunOutcome<ExportResult>(
                new ExportResult(runId, completed.Bucket, completed.Key, plan.ManifestKey, completed.Size, completed.Rows, plan.PartCount, completed.Crc32C),
                record with
                {
                    Status = RunStatus.Succeeded,
                    Bytes = completed.Size,
                    Rows = completed.Rows,
                    Parts = plan.PartCount,
                    ObjectKey = completed.Key,
                    FinishedAt = context.CurrentUtcDateTime,
                    Bucket = completed.Bucket,
                    ObjectETag = completed.ETag,
                    ManifestKey = manifest.Key,
                    ManifestETag = manifest.ETag,
                    RetentionDeleted = retention?.DeletedKeys.Count ?? 0,
                    RetentionDeletedKeys = retention is { DeletedKeys.Count: > 0 } r ? string.Join('\n', r.DeletedKeys) : null,
                });
        }

        // Nothing half-written and no orphan upload remains: abort the upload before the failure is recorded.
        async Task<RunRecord> FailedAsync(string error)
        {
            Log.ExportFailed(logger, error);
            if (plan is not null)
            {
                await AbortAsync(context, logger, input, destination!, plan, inFlight, options);
            }

            context.SetCustomStatus(new ExportProgress(ExportPhases.Failed, 0, plan?.PartCount ?? 0, 0, plan?.SourceLength ?? 0));
            return record with { Status = RunStatus.Failed, Error = error, FinishedAt = context.CurrentUtcDateTime };
        }
    }

    /// <summary>
    /// When the destination has <c>retentionDays</c>: delete our own expired, unchanged objects of earlier runs. Its
    /// failure never fails the export (the new object is published); the next export tries again.
    /// </summary>
    private static async Task<RetentionOutcome?> ApplyRetentionAsync(
        TaskOrchestrationContext context, ILogger logger, Destination destination, string runId, TaskOptions options)
    {
        if (destination.RetentionDays is null)
        {
            return null;
        }

        try
        {
            return await context.CallActivityAsync<RetentionOutcome>(
                nameof(ApplyRetentionActivity), new RetentionInput(destination, runId, context.CurrentUtcDateTime), options);
        }
        catch (TaskFailedException failure)
        {
            Log.RetentionFailed(logger, RunLifecycle.FailureMessage(failure.FailureDetails));
            return null;
        }
    }

    private static async Task<IReadOnlyList<PartResult>> UploadPartsAsync(
        TaskOrchestrationContext context, ExportRequest input, Destination destination, ExportPlan plan, List<Task<PartResult>> inFlight, TaskOptions options)
    {
        var results = new PartResult[plan.PartCount];
        long bytesDone = 0;
        int done = 0;
        context.SetCustomStatus(new ExportProgress(ExportPhases.Uploading, 0, plan.PartCount, 0, plan.SourceLength));

        for (int partNumber = 1; partNumber <= plan.PartCount || inFlight.Count > 0;)
        {
            if (partNumber <= plan.PartCount && inFlight.Count < plan.MaxParallelParts)
            {
                var (offset, length) = plan.RangeOf(partNumber);
                inFlight.Add(context.CallActivityAsync<PartResult>(
                    nameof(UploadPartActivity),
                    new UploadPartInput(input, destination, plan.Bucket, plan.ObjectKey, plan.UploadId, partNumber, offset, length, plan.Compression, partNumber == plan.PartCount, plan.SendContentMd5),
                    options));
                partNumber++;
                continue;
            }

            var finished = await Task.WhenAny(inFlight);
            inFlight.Remove(finished);
            var part = await finished;
            results[part.PartNumber - 1] = part;
            done++;
            bytesDone += plan.RangeOf(part.PartNumber).Length;
            context.SetCustomStatus(new ExportProgress(ExportPhases.Uploading, done, plan.PartCount, bytesDone, plan.SourceLength));
        }

        return results;
    }

    /// <summary>Let in-flight parts settle first (a part finishing after the abort would leave stored bytes), then abort.</summary>
    private static async Task AbortAsync(
        TaskOrchestrationContext context, ILogger logger, ExportRequest input, Destination destination, ExportPlan plan, List<Task<PartResult>> inFlight, TaskOptions options)
    {
        foreach (var task in inFlight)
        {
            try
            {
                await task;
            }
            catch (TaskFailedException)
            {
                // Already failing; the first failure is the one reported.
            }
        }

        try
        {
            await context.CallActivityAsync<bool>(
                nameof(AbortExportActivity), new AbortExportInput(input, destination, plan.Bucket, plan.ObjectKey, plan.UploadId), options);
        }
        catch (TaskFailedException abortFailure)
        {
            Log.AbortFailed(logger, plan.UploadId, RunLifecycle.FailureMessage(abortFailure.FailureDetails));
        }
    }
}
