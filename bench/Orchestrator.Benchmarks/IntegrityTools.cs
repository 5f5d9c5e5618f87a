using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Hashing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The integrity-header rows of the export part (issue 14 item 3: Object Lock buckets refuse uploads without one): a
/// plain multipart upload with the raw SDK (the part size and parts in flight of our export) that sends
/// <c>x-amz-checksum-crc32c</c> on every part (what our export sends), and the same upload sending Content-MD5 on
/// every part (the other header S3 accepts), on the same file, server and rounds as the other rows. The two rows
/// differ only in the header, so their ratio is the cost of each option; our export against the CRC-32C row is the
/// like-for-like comparison. (TransferUtility 4.x offers no Content-MD5 per part, hence the explicit upload.)
/// </summary>
internal static class IntegrityTools
{
    public const string RawSdkCrc32C = "Raw SDK multipart, x-amz-checksum-crc32c on every part";
    public const string RawSdkMd5 = "Raw SDK multipart, Content-MD5 on every part";

    public static IEnumerable<UploadTool> Create(BenchSettings s, S3Admin admin, string file, Func<string, int, string> peerKey)
    {
        string shape = $"{s.Export.PartSizeMiB} MiB parts, {s.Export.MaxParallelParts} in flight (as our export)";
        yield return new(RawSdkCrc32C, $"InitiateMultipartUpload (ChecksumAlgorithm CRC32C), UploadPart with ChecksumCRC32C, CompleteMultipartUpload; {shape}", async run =>
        {
            string key = peerKey("sdk-crc32c", run);
            return (await UploadAsync(admin.Client, s, file, key, md5: false), key);
        });
        yield return new(RawSdkMd5, $"InitiateMultipartUpload, UploadPart with MD5Digest (Content-MD5), CompleteMultipartUpload; {shape}", async run =>
        {
            string key = peerKey("sdk-md5", run);
            return (await UploadAsync(admin.Client, s, file, key, md5: true), key);
        });
    }

    private static async Task<TimeSpan> UploadAsync(AmazonS3Client client, BenchSettings s, string file, string key, bool md5)
    {
        var clock = Stopwatch.StartNew();
        int partSize = s.Export.PartSizeMiB * 1024 * 1024;
        long size = new FileInfo(file).Length;
        int count = (int)((size + partSize - 1) / partSize);
        var initiate = new InitiateMultipartUploadRequest { BucketName = s.Bucket, Key = key };
        if (!md5)
        {
            initiate.ChecksumAlgorithm = ChecksumAlgorithm.CRC32C;
        }

        string uploadId = (await client.InitiateMultipartUploadAsync(initiate)).UploadId;
        var parts = new PartETag[count];
        using var handle = File.OpenHandle(file, options: FileOptions.Asynchronous);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = s.Export.MaxParallelParts }, async (i, ct) =>
        {
            long offset = (long)i * partSize;
            int length = (int)Math.Min(partSize, size - offset);
            byte[] buffer = new byte[length];
            await RandomAccess.ReadAsync(handle, buffer, offset, ct);
            var request = new UploadPartRequest { BucketName = s.Bucket, Key = key, UploadId = uploadId, PartNumber = i + 1, InputStream = new MemoryStream(buffer, writable: false) };
            string? crc = null;
            if (md5)
            {
#pragma warning disable CA5351 // Content-MD5 is S3's integrity header, measured here, not a security measure.
                request.MD5Digest = Convert.ToBase64String(MD5.HashData(buffer));
#pragma warning restore CA5351
            }
            else
            {
                crc = Crc32C.ToBase64(Crc32C.Compute(buffer));
                request.ChecksumCRC32C = crc;
            }

            var response = await client.UploadPartAsync(request, ct);
            parts[i] = new PartETag(i + 1, response.ETag) { ChecksumCRC32C = crc };
        });
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = s.Bucket, Key = key, UploadId = uploadId, PartETags = [.. parts] });
        return clock.Elapsed;
    }
}
