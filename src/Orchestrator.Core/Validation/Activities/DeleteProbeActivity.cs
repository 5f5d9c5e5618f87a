using Amazon.S3;
using Microsoft.DurableTask;
using Orchestrator.Destinations;
using Orchestrator.Errors;
using Orchestrator.S3;
using Orchestrator.Validation.Models;

namespace Orchestrator.Validation.Activities;

/// <summary>Removes the connection test's probe object (and aborts its multipart probe) whatever happened before.</summary>
public sealed class DeleteProbeActivity(IS3ClientProvider clients) : TaskActivity<DestinationCheckInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DestinationCheckInput input)
    {
        var ct = CancellationToken.None;
        var destination = input.Destination;
        var s3 = clients.GetClient(destination);
        string key = ValidationNaming.ProbeKey(destination.BucketPath, input.RunId);
        try
        {
            await s3.DeleteObjectAsync(destination.Bucket, key, ct);
            var uploads = await s3.ListMultipartUploadsAsync(new Amazon.S3.Model.ListMultipartUploadsRequest { BucketName = destination.Bucket, Prefix = key }, ct);
            foreach (var upload in uploads.MultipartUploads ?? [])
            {
                await s3.AbortMultipartUploadAsync(destination.Bucket, upload.Key, upload.UploadId, ct);
            }

            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return false; // not allowed to delete: the deleteObject check already says so
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Deleting the probe object failed temporarily: {ex.Message}", ex);
        }
    }
}
