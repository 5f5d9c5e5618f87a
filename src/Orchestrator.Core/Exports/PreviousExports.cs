using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Logging;
using Orchestrator.Operations;
using Orchestrator.Runs;

namespace Orchestrator.Exports;

/// <summary>
/// What earlier runs left (issue 15): the objects the same report-day's previous run wrote, as OUR RUN RECORD says
/// (its object and manifest with their ETags, and every file the manifest lists, the manifest read only while it still
/// has the recorded ETag), and the schema of the report's latest earlier run. Only objects under the destination's
/// bucket path count, as for retention.
/// </summary>
public static class PreviousExports
{
    private const int PageSize = 50;

    private const int MaxPages = 4;

    public static async Task<PreviousExport> ReadAsync(
        IAmazonS3 client, IRunStore runs, Destination destination, ExportRequest request, RunRecord? sameDay, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(request);
        var objects = new List<WrittenObject>();
        ManifestSchema? schema = null;
        string? schemaRun = null;
        DateTimeOffset schemaAt = DateTimeOffset.MinValue;

        if (Usable(sameDay, destination) is { } day)
        {
            var (written, manifest) = await ReadWrittenAsync(client, destination, day, logger, ct);
            objects.AddRange(written);
            if (manifest is not null)
            {
                (schema, schemaRun, schemaAt) = (manifest.Schema, day.RunId, day.FinishedAt ?? day.StartedAt);
            }
        }

        // The report's latest earlier run on another day may be newer (a backfill): the newer one's schema is "previous".
        RunContinuation? after = null;
        for (int page = 0; page < MaxPages; page++)
        {
            var runsPage = await runs.QueryAsync(
                new RunQuery(request.TenantId, request.DestinationId, ExportOrchestrator.RunKind, RunStatus.Succeeded, null, null, PageSize, after), ct);
            var latest = runsPage.Items.FirstOrDefault(r => r.Report == request.Report && Usable(r, destination) is not null && r.RunId != sameDay?.RunId);
            if (latest is not null)
            {
                var at = latest.FinishedAt ?? latest.StartedAt;
                if (at > schemaAt && await ReadManifestAsync(client, destination.Bucket, latest.ManifestKey!, latest.ManifestETag!, logger, ct) is { } manifest)
                {
                    (schema, schemaRun) = (manifest.Schema, latest.RunId);
                }

                break;
            }

            if ((after = runsPage.Next) is null)
            {
                break;
            }
        }

        return new PreviousExport(objects, schemaRun, schema);
    }

    /// <summary>
    /// Every object <paramref name="record"/>'s run wrote under the destination's bucket path, each with the ETag we
    /// recorded, in the order to delete them: the files its manifest lists (the manifest read only while it still has
    /// the ETag the record holds, so the file ETags in it are the ones our run recorded), the record's own object
    /// (the first file; the only one when the manifest is gone, changed or v1), then the manifest itself last, since it
    /// is the only list of the files: removed first, a failure half-way would leave the rest unfindable. Also returns
    /// the manifest when it was read. Shared by reruns (stale files) and retention.
    /// </summary>
    public static async Task<(IReadOnlyList<WrittenObject> Objects, ExportManifest? Manifest)> ReadWrittenAsync(
        IAmazonS3 client, Destination destination, RunRecord record, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(record);
        string prefix = destination.BucketPath.Length == 0 ? string.Empty : destination.BucketPath + "/";
        var objects = new List<WrittenObject>();
        ExportManifest? manifest = null;
        if (record.ManifestKey is { } manifestKey && record.ManifestETag is { } manifestETag)
        {
            manifest = await ReadManifestAsync(client, destination.Bucket, manifestKey, manifestETag, logger, ct);
            objects.AddRange((manifest?.Files ?? []).Where(f => !string.IsNullOrEmpty(f.ETag)).Select(f => new WrittenObject(f.Key, f.ETag)));
        }

        if (record.ObjectKey is { } objectKey && record.ObjectETag is { } objectETag)
        {
            objects.Add(new WrittenObject(objectKey, objectETag));
        }

        if (record.ManifestKey is { } key && record.ManifestETag is { } etag)
        {
            objects.Add(new WrittenObject(key, etag));
        }

        var ours = objects
            .Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
            .DistinctBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
        return (ours, manifest);
    }

    private static RunRecord? Usable(RunRecord? record, Destination destination) =>
        record is { Status: RunStatus.Succeeded, ObjectKey: not null, ObjectETag: not null, ManifestKey: not null, ManifestETag: not null }
        && string.Equals(record.Bucket, destination.Bucket, StringComparison.Ordinal)
            ? record
            : null;

    /// <summary>The manifest at <paramref name="key"/> if it still has the ETag we recorded (If-Match), else null.</summary>
    private static async Task<ExportManifest?> ReadManifestAsync(IAmazonS3 client, string bucket, string key, string etag, ILogger logger, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, EtagToMatch = etag }, ct);
            if (!string.Equals(response.ETag?.Trim('"'), etag.Trim('"'), StringComparison.OrdinalIgnoreCase))
            {
                Log.PreviousManifestUnreadable(logger, bucket, key, "its ETag changed");
                return null;
            }

            return await JsonSerializer.DeserializeAsync<ExportManifest>(response.ResponseStream, WriteManifestActivity.JsonOptions, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            Log.PreviousManifestUnreadable(logger, bucket, key, ex.ErrorCode ?? ex.StatusCode.ToString());
            return null;
        }
        catch (JsonException ex)
        {
            Log.PreviousManifestUnreadable(logger, bucket, key, ex.Message);
            return null;
        }
    }
}
