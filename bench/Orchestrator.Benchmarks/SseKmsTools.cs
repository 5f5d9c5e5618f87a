using Amazon.S3;
using Amazon.S3.Transfer;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The SSE-KMS rows of the export part: our export into a destination with <c>aws:kms</c> and the benchmark's key, and
/// the raw SDK's TransferUtility with the same headers, on the same file and radosgw (its testing KMS backend).
/// </summary>
internal static class SseKmsTools
{
    public const string Ours = "Our export, SSE-KMS (aws:kms + key)";
    public const string RawSdk = "Raw SDK TransferUtility, SSE-KMS (aws:kms + key)";

    public static IEnumerable<UploadTool> Create(BenchSettings s, S3Admin admin, OurExport ours, long size, string file, Func<string, int, string> peerKey)
    {
        if (s.SseKmsKey is not { } key)
        {
            yield break;
        }

        yield return new(Ours, "as our export, into a destination with serverSideEncryption aws:kms and kmsKeyId (CreateMultipartUpload and the manifest carry the headers)", async run =>
        {
            var result = await ours.ExportAsync(s.Report, OurExport.SseKmsDestinationId);
            if (result.Result.Bytes != size)
            {
                throw new InvalidOperationException($"our SSE-KMS export uploaded {result.Result.Bytes} of {size} bytes");
            }

            return (result.Elapsed, result.Result.ObjectKey);
        });
        yield return new(RawSdk, "TransferUtility.UploadAsync with ServerSideEncryptionMethod aws:kms and the key id, default TransferUtilityConfig", async run =>
        {
            string objectKey = peerKey("sdk-kms", run);
            using var transfer = new TransferUtility(admin.Client);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await transfer.UploadAsync(new TransferUtilityUploadRequest
            {
                FilePath = file,
                BucketName = s.Bucket,
                Key = objectKey,
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = key,
            });
            return (clock.Elapsed, objectKey);
        });
    }
}
