using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The benchmark's own S3 client, with exactly the settings our export's clients use (<see cref="S3ClientProvider.CreateConfig"/>):
/// it is also the client the raw-SDK TransferUtility runs on. Creates the bucket, checks uploads and empties the bucket
/// between rounds (the radosgw memstore keeps everything stored in memory).
/// </summary>
internal sealed class S3Admin(BenchSettings settings) : IDisposable
{
    public static S3Options Options(BenchSettings s) => new()
    {
        ServiceUrl = s.S3Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        ChecksumsWhenRequiredOnly = true,
    };

    public AmazonS3Client Client { get; } = new(
        new BasicAWSCredentials(settings.AccessKey, settings.SecretKey),
        S3ClientProvider.CreateConfig(Options(settings), "us-east-1"));

    public Task EnsureBucketAsync() => this.EnsureBucketAsync(settings.Bucket);

    public async Task EnsureBucketAsync(string bucket)
    {
        try
        {
            await this.Client.PutBucketAsync(bucket);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Fine: a rerun on the same server.
        }
    }

    /// <summary>Fails unless the object exists with exactly <paramref name="expected"/> bytes.</summary>
    public async Task VerifyAsync(string key, long expected, string tool)
    {
        var head = await this.Client.GetObjectMetadataAsync(settings.Bucket, key);
        if (head.ContentLength != expected)
        {
            throw new InvalidOperationException($"{tool}: s3://{settings.Bucket}/{key} has {head.ContentLength} bytes, expected {expected}.");
        }
    }

    /// <summary>Deletes every object and unfinished upload in the bucket, then lets radosgw free the space now.</summary>
    public Task EmptyBucketAsync() => this.EmptyBucketAsync(settings.Bucket, collectGarbage: true);

    /// <summary>The same for another bucket; <paramref name="collectGarbage"/> false when more buckets are emptied right after.</summary>
    public async Task EmptyBucketAsync(string bucket, bool collectGarbage)
    {
        string? token = null;
        do
        {
            var page = await this.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            var keys = (page.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key }).ToList();
            if (keys.Count > 0)
            {
                await this.Client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = keys });
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        var uploads = await this.Client.ListMultipartUploadsAsync(bucket);
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            await this.Client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
        }

        // Deleted objects' data stays in the memstore until radosgw's garbage collector runs (by default hours
        // later); run it now so the memstore never fills (a full memstore makes writes hang).
        if (collectGarbage)
        {
            await this.CollectGarbageAsync();
        }
    }

    /// <summary>Runs radosgw's garbage collector now (deleted objects' data stays in the memstore until it runs).</summary>
    public async Task CollectGarbageAsync()
    {
        if (settings.RgwConf is not null)
        {
            try
            {
                await Processes.RunAsync("radosgw-admin", ["-c", settings.RgwConf, "gc", "process", "--include-all"], timeout: TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException ex)
            {
                Benchmark.Log("WARNING: radosgw garbage collection did not finish (is the memstore full?): " + ex.Message);
            }
        }
    }

    public void Dispose() => this.Client.Dispose();
}
