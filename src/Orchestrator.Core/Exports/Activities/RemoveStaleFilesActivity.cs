using System.Net;
using Amazon.S3;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// After the manifest: delete the objects the same report-day's previous run wrote that this run did not write again
/// (fewer files, another format, another key template), each only while it still has the ETag we recorded (the
/// retention rule, principle 7): anything changed since, and anything we never recorded, is never touched. Also
/// used by a failed typed export to remove the files it wrote itself.
/// </summary>
public sealed class RemoveStaleFilesActivity(DestinationS3 s3, ILogger<RemoveStaleFilesActivity> logger) : TaskActivity<StaleFilesInput, StaleFilesOutcome>
{
    public override async Task<StaleFilesOutcome> RunAsync(TaskActivityContext context, StaleFilesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        var written = new HashSet<string>(input.Written, StringComparer.Ordinal);
        var deleted = new List<string>();
        var kept = new List<string>();
        foreach (var stale in input.Previous.Where(p => !written.Contains(p.Key)))
        {
            string? current;
            try
            {
                current = (await client.GetObjectMetadataAsync(destination.Bucket, stale.Key, ct)).ETag;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode is "NoSuchKey" or "NotFound")
            {
                continue; // gone already
            }
            catch (Exception ex)
            {
                throw s3.Fail(ex, destination, "HeadObject", stale.Key);
            }

            if (!string.Equals(current?.Trim('"'), stale.ETag.Trim('"'), StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(stale.Key);
                Log.StaleFileKeptChanged(logger, destination.Bucket, stale.Key);
                continue;
            }

            try
            {
                await client.DeleteObjectAsync(destination.Bucket, stale.Key, ct);
            }
            catch (Exception ex)
            {
                throw s3.Fail(ex, destination, "DeleteObject", stale.Key);
            }

            deleted.Add(stale.Key);
            Log.StaleFileRemoved(logger, destination.Bucket, stale.Key);
        }

        return new StaleFilesOutcome(deleted, kept);
    }
}
