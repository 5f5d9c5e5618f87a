using Amazon.S3;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>On a permanent failure after the upload started: abort it so no partial object or orphan upload remains.</summary>
public sealed class AbortExportActivity(DestinationS3 s3, ILogger<AbortExportActivity> logger) : TaskActivity<AbortExportInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AbortExportInput input)
    {
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        try
        {
            await client.AbortMultipartUploadAsync(input.Bucket, input.ObjectKey, input.UploadId, ct);
            Log.UploadAborted(logger, input.UploadId, input.Bucket, input.ObjectKey);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchUpload")
        {
            return false;
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "AbortMultipartUpload", input.ObjectKey);
        }
    }
}
