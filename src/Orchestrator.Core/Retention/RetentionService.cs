using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Logging;
using Orchestrator.Operations;
using Orchestrator.Retention.Models;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator.Retention;

/// <summary>
/// Retention (issue 14 item 6): deletes what OUR OWN RUN RECORDS say we wrote more than <see cref="Destination.RetentionDays"/>
/// ago (every file of a report-day's dataset, as its manifest lists them, and the manifest last), and only while the object still has the ETag we recorded. Anything we
/// never recorded (customer files, keys that merely look like ours, runs from before ETags were recorded) and anything
/// replaced since is never touched. The preview and the export's retention step share this one planner.
/// </summary>
public sealed class RetentionService(IRunStore runs, DestinationS3 s3, ILogger<RetentionService> logger)
{
    private const int PageSize = 500;

    /// <summary>What retention would delete now (HeadObject per recorded object; deletes nothing).</summary>
    public async Task<RetentionPlan> PreviewAsync(Destination destination, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var candidates = await this.CollectAsync(destination, now, cancellationToken);
        return new RetentionPlan(
            destination.TenantId,
            destination.DestinationId,
            destination.Bucket,
            destination.RetentionDays,
            Cutoff(destination, now),
            [.. candidates.SelectMany(c => c.Items)]);
    }

    /// <summary>Deletes the objects <see cref="PreviewAsync"/> lists as <see cref="RetentionDecision.Delete"/> and marks their runs done.</summary>
    public async Task<RetentionOutcome> ApplyAsync(Destination destination, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (_, client) = s3.Open(destination);
        var deleted = new List<string>();
        int kept = 0;
        foreach (var (record, items) in await this.CollectAsync(destination, now, cancellationToken))
        {
            foreach (var item in items)
            {
                if (item.Decision == RetentionDecision.Delete)
                {
                    try
                    {
                        await client.DeleteObjectAsync(destination.Bucket, item.Key, cancellationToken);
                    }
                    catch (Exception ex)
                    {
                        throw s3.Fail(ex, destination, "DeleteObject", item.Key);
                    }

                    deleted.Add(item.Key);
                    Log.RetentionDeleted(logger, destination.Bucket, item.Key, item.RunId);
                }
                else if (item.Decision == RetentionDecision.KeepChanged)
                {
                    kept++;
                    Log.RetentionKeptChanged(logger, destination.Bucket, item.Key, item.RunId);
                }
            }

            // Decided for good: the next runs skip this record.
            await runs.UpsertAsync(record with { RetentionAppliedAt = now }, cancellationToken);
        }

        return new RetentionOutcome(deleted, kept);
    }

    private static DateTimeOffset? Cutoff(Destination destination, DateTimeOffset now) =>
        destination.RetentionDays is { } days ? now.AddDays(-days) : null;

    private async Task<List<(RunRecord Record, List<RetentionItem> Items)>> CollectAsync(Destination destination, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<(RunRecord, List<RetentionItem>)>();
        if (Cutoff(destination, now) is not { } cutoff)
        {
            return result;
        }

        var (_, client) = s3.Open(destination);
        RunContinuation? after = null;
        do
        {
            var page = await runs.QueryAsync(
                new RunQuery(destination.TenantId, destination.DestinationId, ExportOrchestrator.RunKind, RunStatus.Succeeded, null, cutoff, PageSize, after), ct);
            foreach (var record in page.Items)
            {
                var writtenAt = record.FinishedAt ?? record.StartedAt;
                if (record.RetentionAppliedAt is not null || writtenAt >= cutoff || !string.Equals(record.Bucket, destination.Bucket, StringComparison.Ordinal))
                {
                    continue;
                }

                // Every file of the run's dataset (its manifest lists them, read only while it has the recorded ETag),
                // the manifest last: deleted in this order, a failure half-way leaves the manifest to find the rest.
                var items = new List<RetentionItem>();
                var (written, _) = await PreviousExports.ReadWrittenAsync(client, destination, record, logger, ct);
                foreach (var (key, etag) in written)
                {
                    items.Add(await this.DecideAsync(client, destination, record.RunId, key, etag, writtenAt, ct));
                }

                if (items.Count > 0)
                {
                    result.Add((record, items));
                }
            }

            after = page.Next;
        }
        while (after is not null);

        return result;
    }

    private async Task<RetentionItem> DecideAsync(IAmazonS3 client, Destination destination, string runId, string key, string etag, DateTimeOffset writtenAt, CancellationToken ct)
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(destination.Bucket, key, ct);
            var decision = string.Equals(head.ETag?.Trim('"'), etag.Trim('"'), StringComparison.OrdinalIgnoreCase) ? RetentionDecision.Delete : RetentionDecision.KeepChanged;
            return new RetentionItem(runId, key, etag, head.ETag, writtenAt, decision);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode is "NoSuchKey" or "NotFound")
        {
            return new RetentionItem(runId, key, etag, null, writtenAt, RetentionDecision.Gone);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "HeadObject", key);
        }
    }
}
