using Amazon.S3.Model;
using Microsoft.DurableTask;
using Orchestrator.Imports.Models;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>Lists one page (up to 1,000) of objects under the import prefix, leaving out folder markers and the import's own error reports.</summary>
public sealed class ListImportFilesActivity(DestinationS3 s3) : TaskActivity<ListImportFilesInput, ImportFilePage>
{
    public override async Task<ImportFilePage> RunAsync(TaskActivityContext context, ListImportFilesInput input)
    {
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        string prefix = ImportNaming.ListPrefix(destination.BucketPath, input.Request.Prefix);
        try
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = destination.Bucket, Prefix = prefix, ContinuationToken = input.ContinuationToken, MaxKeys = 1000 },
                ct);
            var files = (page.S3Objects ?? [])
                .Where(o => !o.Key.EndsWith('/') && !ImportNaming.IsOwnOutput(prefix, o.Key))
                .Select(o => new ImportFile(o.Key, o.ETag, o.Size ?? 0))
                .ToList();
            return new ImportFilePage(files, page.IsTruncated == true ? page.NextContinuationToken : null);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "ListObjectsV2");
        }
    }
}
