using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.S3;

namespace Orchestrator.Operations;

/// <summary>
/// After a cancelled export's instance has stopped: aborts every multipart upload at the export's object key and
/// keeps looking until none has appeared for <see cref="OperationsOptions.CancelQuietPeriod"/>. An activity that was
/// already running when the instance was terminated still finishes (a BeginExport can create an upload after the
/// first abort; a part upload to an aborted upload fails), so one abort is not enough.
/// </summary>
public sealed class ExportUploadCleaner(DestinationS3 s3, IOptions<OperationsOptions> options, TimeProvider time, ILogger<ExportUploadCleaner> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<UploadCleanup> AbortUntilQuietAsync(string runId, ExportRequest request, CancellationToken cancellationToken)
    {
        var (destination, client) = await s3.OpenAsync(request.TenantId, request.DestinationId, cancellationToken);
        string plain = ExportNaming.ObjectKey(destination.BucketPath, request.Report, request.Period, ExportCompression.None);
        string gzip = ExportNaming.ObjectKey(destination.BucketPath, request.Report, request.Period, ExportCompression.Gzip);
        var o = options.Value;
        var started = time.GetUtcNow();
        var lastSeen = started;
        int aborted = 0;
        while (true)
        {
            int found = 0;
            try
            {
                var list = new ListMultipartUploadsRequest { BucketName = destination.Bucket, Prefix = plain };
                ListMultipartUploadsResponse page;
                do
                {
                    page = await client.ListMultipartUploadsAsync(list, cancellationToken);
                    foreach (var upload in page.MultipartUploads ?? [])
                    {
                        if (upload.Key != plain && upload.Key != gzip)
                        {
                            continue;
                        }

                        found++;
                        try
                        {
                            await client.AbortMultipartUploadAsync(destination.Bucket, upload.Key, upload.UploadId, cancellationToken);
                            aborted++;
                            Log.CancelAbortedUpload(logger, runId, upload.UploadId, destination.Bucket, upload.Key);
                        }
                        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchUpload")
                        {
                            // Gone already.
                        }
                    }

                    list.KeyMarker = page.NextKeyMarker;
                    list.UploadIdMarker = page.NextUploadIdMarker;
                }
                while (page.IsTruncated == true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw s3.Fail(ex, destination, "ListMultipartUploads", plain);
            }

            var now = time.GetUtcNow();
            if (found > 0)
            {
                lastSeen = now;
            }
            else if (now - lastSeen >= o.CancelQuietPeriod)
            {
                return new UploadCleanup(destination.Bucket, plain, aborted, Complete: true);
            }

            if (now - started >= o.CancelMaxWait)
            {
                Log.CancelCleanupIncomplete(logger, runId, destination.Bucket, plain, (now - started).TotalSeconds);
                return new UploadCleanup(destination.Bucket, plain, aborted, Complete: false);
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
