using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations.Activities;
using Orchestrator.Destinations.Models;
using Orchestrator.Domain;
using Orchestrator.Hashing;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Formats;
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
        var filesInFlight = new List<Task<WrittenFile>>();
        var filesWritten = new List<WrittenFile>();

        // Before this run's record replaces it: what the same report-day's previous run wrote (stale files, principle 7).
        var sameDay = await context.CallActivityAsync<RunRecord?>(nameof(ReadPreviousRunActivity), input, options);
        var result = await RunLifecycle.RunAsync(context, logger, record, ExportAsync, FailedAsync);
        context.SetCustomStatus(new ExportProgress(ExportPhases.Completed, result.Parts, result.Parts, plan!.SourceLength, plan.SourceLength));
        Log.ExportCompleted(logger, result.Bytes, result.Rows, result.Parts);
        return result;

        async Task<RunOutcome<ExportResult>> ExportAsync()
        {
            // Read once: every later step gets this snapshot, so an edit during the run never splits it across two settings.
            destination = await context.CallActivityAsync<Destination>(
                nameof(ReadDestinationActivity), new DestinationReference(input.TenantId, input.DestinationId), options);
            plan = await context.CallActivityAsync<ExportPlan>(nameof(BeginExportActivity), new BeginExportInput(input, destination, sameDay), options);

            CompletedObject completed;
            IReadOnlyList<WrittenFile>? files = null;
            int partCount = plan.PartCount;
            if (ExportFormats.IsTyped(plan.Format))
            {
                files = await WriteFilesAsync(context, input, destination, plan, filesInFlight, filesWritten, options);
                partCount = files.Count;
                completed = Published(plan, files);
            }
            else
            {
                var parts = await UploadPartsAsync(context, input, destination, plan, inFlight, options);
                context.SetCustomStatus(new ExportProgress(ExportPhases.Completing, plan.PartCount, plan.PartCount, plan.SourceLength, plan.SourceLength));
                completed = await context.CallActivityAsync<CompletedObject>(
                    nameof(CompleteExportActivity), new CompleteExportInput(input, destination, plan, parts), options);
            }

            context.SetCustomStatus(new ExportProgress(ExportPhases.Completing, partCount, partCount, plan.SourceLength, plan.SourceLength));
            var manifest = await context.CallActivityAsync<WrittenObject>(
                nameof(WriteManifestActivity), new ManifestInput(input, destination, plan, completed, runId, context.CurrentUtcDateTime, files, plan.Previous), options);
            var written = (files?.Select(f => f.Key) ?? [completed.Key]).Append(manifest.Key).ToList();
            await RemoveStaleAsync(context, logger, input, destination, plan.Previous?.SameDayObjects ?? [], written, options);
            var retention = await ApplyRetentionAsync(context, logger, destination, runId, options);

            return new RunOutcome<ExportResult>(
                new ExportResult(runId, completed.Bucket, completed.Key, plan.ManifestKey, completed.Size, completed.Rows, partCount, completed.Crc32C),
                record with
                {
                    Status = RunStatus.Succeeded,
                    Bytes = completed.Size,
                    Rows = completed.Rows,
                    Parts = partCount,
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

        // Nothing half-written and no orphan upload remains: abort the upload (CSV) or remove the files this run wrote
        // (typed formats: a dataset without its manifest is not published) before the failure is recorded.
        async Task<RunRecord> FailedAsync(string error)
        {
            Log.ExportFailed(logger, error);
            if (plan is not null && ExportFormats.IsTyped(plan.Format))
            {
                await SettleFilesAsync(filesInFlight, filesWritten);
                await RemoveStaleAsync(context, logger, input, destination!, filesWritten.Select(f => new WrittenObject(f.Key, f.ETag)).ToList(), [], options);
            }
            else if (plan is not null)
            {
                await AbortAsync(context, logger, input, destination!, plan, inFlight, options);
            }

            context.SetCustomStatus(new ExportProgress(ExportPhases.Failed, 0, plan?.PartCount ?? 0, 0, plan?.SourceLength ?? 0));
            return record with { Status = RunStatus.Failed, Error = error, FinishedAt = context.CurrentUtcDateTime };
        }
    }

    /// <summary>The dataset as one published object for the run record and result: first key, total size and rows, CRC-32C of the files in order.</summary>
    private static CompletedObject Published(ExportPlan plan, IReadOnlyList<WrittenFile> files)
    {
        uint crc = 0;
        foreach (var file in files)
        {
            crc = Crc32C.Combine(crc, file.Crc32C, file.Size);
        }

        return new CompletedObject(plan.Bucket, files[0].Key, files.Sum(f => f.Size), Crc32C.ToBase64(crc), files.Sum(f => f.Rows), files[0].ETag);
    }

    /// <summary>
    /// Typed formats: scan the nominal ranges in parallel, chain their record-aligned starts, then write one complete
    /// file per range with bounded fan-out; a retry redoes only its file.
    /// </summary>
    private static async Task<IReadOnlyList<WrittenFile>> WriteFilesAsync(
        TaskOrchestrationContext context, ExportRequest input, Destination destination, ExportPlan plan, List<Task<WrittenFile>> inFlight, List<WrittenFile> written, TaskOptions options)
    {
        context.SetCustomStatus(new ExportProgress(ExportPhases.Uploading, 0, plan.PartCount, 0, plan.SourceLength));
        IReadOnlyList<long> starts = [0];
        if (plan.PartCount > 1)
        {
            var quotes = new List<RangeQuotes>(plan.PartCount);
            for (int first = 1; first <= plan.PartCount; first += plan.MaxParallelParts)
            {
                var batch = Enumerable.Range(first, Math.Min(plan.MaxParallelParts, plan.PartCount - first + 1)).Select(n =>
                {
                    var (offset, length) = plan.RangeOf(n);
                    return context.CallActivityAsync<RangeQuotes>(nameof(ScanRangeActivity), new ScanRangeInput(input, plan.Bucket, offset, length), options);
                });
                quotes.AddRange(await Task.WhenAll(batch));
            }

            starts = RecordBoundaries.Chain(quotes, plan.SourceBytesPerPart, plan.SourceLength);
        }

        int count = starts.Count;
        string extension = ExportFormats.Extension(plan.Format);
        var results = new WrittenFile[count];
        long bytesDone = 0;
        for (int index = 0; index < count || inFlight.Count > 0;)
        {
            if (index < count && inFlight.Count < plan.MaxParallelParts)
            {
                long end = index + 1 < count ? starts[index + 1] : plan.SourceLength;
                string key = ExportKeyTemplate.Render(plan.KeyTemplate, destination.BucketPath, input.Report, input.Period, extension, index + 1, count);
                inFlight.Add(context.CallActivityAsync<WrittenFile>(
                    nameof(WriteFileActivity),
                    new WriteFileInput(input, destination, plan.Bucket, key, index + 1, starts[index], end - starts[index], plan.Format, plan.Codec, plan.Schema!),
                    options));
                index++;
                continue;
            }

            var finished = await Task.WhenAny(inFlight);
            inFlight.Remove(finished);
            var file = await finished;
            written.Add(file);
            results[file.PartNumber - 1] = file;
            bytesDone += (file.PartNumber < count ? starts[file.PartNumber] : plan.SourceLength) - starts[file.PartNumber - 1];
            context.SetCustomStatus(new ExportProgress(ExportPhases.Uploading, written.Count, count, bytesDone, plan.SourceLength));
        }

        return results;
    }

    /// <summary>Lets in-flight files finish (a file landing after the clean-up would stay behind) and collects the ones that landed.</summary>
    private static async Task SettleFilesAsync(List<Task<WrittenFile>> inFlight, List<WrittenFile> written)
    {
        foreach (var task in inFlight)
        {
            try
            {
                written.Add(await task);
            }
            catch (TaskFailedException)
            {
                // Already failing; the first failure is the one reported.
            }
        }

        inFlight.Clear();
    }

    /// <summary>Deletes <paramref name="previous"/> objects not in <paramref name="written"/> (ETag-guarded); never fails the run.</summary>
    private static async Task RemoveStaleAsync(
        TaskOrchestrationContext context, ILogger logger, ExportRequest input, Destination destination, IReadOnlyList<WrittenObject> previous, IReadOnlyList<string> written, TaskOptions options)
    {
        if (!previous.Any(p => !written.Contains(p.Key, StringComparer.Ordinal)))
        {
            return;
        }

        try
        {
            await context.CallActivityAsync<StaleFilesOutcome>(nameof(RemoveStaleFilesActivity), new StaleFilesInput(input, destination, previous, written), options);
        }
        catch (TaskFailedException failure)
        {
            Log.StaleFilesFailed(logger, RunLifecycle.FailureMessage(failure.FailureDetails));
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
