using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Imports.Models;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Lists one page (up to <c>Import:FilesPerGeneration</c> keys, at most 1,000) of objects under the import prefix after
/// a cursor key, leaving out folder markers and the import's own error reports. A page is one generation of the import
/// orchestration: the cursor (a key, not an opaque token) is what the next generation carries.
/// </summary>
public sealed class ListImportFilesActivity(DestinationS3 s3, IOptions<ImportOptions> options) : TaskActivity<ListImportFilesInput, ImportFilePage>
{
    public override async Task<ImportFilePage> RunAsync(TaskActivityContext context, ListImportFilesInput input)
    {
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        string prefix = ImportNaming.ListPrefix(destination.BucketPath, input.Request.Prefix);
        try
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = destination.Bucket, Prefix = prefix, StartAfter = input.StartAfter, MaxKeys = options.Value.FilesPerGeneration },
                ct);
            var files = (page.S3Objects ?? [])
                .Where(o => !o.Key.EndsWith('/') && !ImportNaming.IsOwnOutput(prefix, o.Key))
                .Select(o => new ImportFile(o.Key, o.ETag, o.Size ?? 0))
                .ToList();
            string? last = page.S3Objects is { Count: > 0 } listed ? listed[^1].Key : null;
            return new ImportFilePage(files, page.IsTruncated == true ? last : null);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "ListObjectsV2");
        }
    }
}
