using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.Logging;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Step 4: publish the object by completing the multipart upload. If an earlier attempt completed it but crashed
/// before reporting, the upload is gone (NoSuchUpload); the object's multipart ETag then proves it was ours.
/// </summary>
public sealed class CompleteExportActivity(DestinationS3 s3, ILogger<CompleteExportActivity> logger)
    : TaskActivity<CompleteExportInput, CompletedObject>
{
    public override async Task<CompletedObject> RunAsync(TaskActivityContext context, CompleteExportInput input)
    {
        var ct = CancellationToken.None;
        var plan = input.Plan;
        var parts = input.Parts.OrderBy(p => p.PartNumber).ToArray();
        var (destination, client) = s3.Open(input.Destination);

        string etag;
        try
        {
            var response = await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = plan.Bucket,
                    Key = plan.ObjectKey,
                    UploadId = plan.UploadId,
                    PartETags = parts.Select(p => new PartETag(p.PartNumber, p.ETag) { ChecksumCRC32C = Crc32C.ToBase64(p.Crc32C) }).ToList(),
                },
                ct);
            etag = response.ETag;
            if (string.IsNullOrEmpty(etag))
            {
                // Some S3-compatible servers (radosgw 16) leave the ETag out of the completion answer; retention
                // compares the stored object's ETag with the recorded one, so record the one S3 serves.
                etag = (await client.GetObjectMetadataAsync(plan.Bucket, plan.ObjectKey, ct)).ETag;
            }
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchUpload")
        {
            etag = await this.ConfirmAlreadyCompletedAsync(client, input, parts, destination, ex, ct);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "CompleteMultipartUpload", plan.ObjectKey);
        }

        uint crc = 0;
        foreach (var part in parts)
        {
            crc = Crc32C.Combine(crc, part.Crc32C, part.Size);
        }

        // Records end at line feeds outside quoted fields; a last record without a final line feed counts too.
        long records = PartLines.CountRecords(parts.Select(p => p.Lines));
        bool endsWithNewline = parts.Length == 0 || parts[^1].EndsWithNewline;
        long lines = records + (endsWithNewline || plan.SourceLength == 0 ? 0 : 1);
        long rows = Math.Max(0, lines - 1); // the header is not a row

        return new CompletedObject(plan.Bucket, plan.ObjectKey, parts.Sum(p => p.Size), Crc32C.ToBase64(crc), rows, etag);
    }

    /// <summary>The ETag S3 gives a completed multipart object: MD5 of the concatenated part MD5s, dash, part count.</summary>
    internal static string MultipartETag(IReadOnlyList<PartResult> parts)
    {
        var digests = new byte[parts.Count * 16];
        for (int i = 0; i < parts.Count; i++)
        {
            Convert.FromHexString(parts[i].ETag.Trim('"')).CopyTo(digests, i * 16);
        }

#pragma warning disable CA5351 // S3 defines multipart ETags with MD5; this only recognises one.
        return $"\"{Convert.ToHexStringLower(MD5.HashData(digests))}-{parts.Count}\"";
#pragma warning restore CA5351
    }

    private async Task<string> ConfirmAlreadyCompletedAsync(
        IAmazonS3 client, CompleteExportInput input, PartResult[] parts, Domain.Destination destination, AmazonS3Exception original, CancellationToken ct)
    {
        var plan = input.Plan;
        string expected = MultipartETag(parts);
        try
        {
            var head = await client.GetObjectMetadataAsync(plan.Bucket, plan.ObjectKey, ct);
            if (string.Equals(head.ETag, expected, StringComparison.OrdinalIgnoreCase))
            {
                Log.UploadAlreadyCompleted(logger, plan.UploadId, plan.Bucket, plan.ObjectKey);
                return head.ETag;
            }
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NotFound" or "NoSuchKey" || ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Fall through: the upload vanished without publishing.
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "HeadObject", plan.ObjectKey);
        }

        throw new PermanentRunException(
            $"The multipart upload of '{plan.ObjectKey}' in bucket '{plan.Bucket}' no longer exists (it was aborted, possibly by a bucket lifecycle rule) and the object was not published.",
            original);
    }
}
