using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Buffers;
using Orchestrator.Hashing;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>One PutObject for a report of one part, else a multipart upload begun with the first full part.</summary>
internal sealed class ReportUpload(DestinationS3 s3, IAmazonS3 client, Orchestrator.Domain.Destination destination, string key)
{
    private readonly List<PartETag> parts = [];
    private string? uploadId;

    public async Task SendPartAsync(PooledBufferStream body, CancellationToken ct)
    {
        try
        {
            this.uploadId ??= (await client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = destination.Bucket, Key = key, ContentType = "text/csv; charset=utf-8", ChecksumAlgorithm = ChecksumAlgorithm.CRC32C }.Apply(destination),
                ct)).UploadId;
            body.Position = 0;
            int number = this.parts.Count + 1;
            var response = await client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = destination.Bucket,
                    Key = key,
                    UploadId = this.uploadId,
                    PartNumber = number,
                    InputStream = body,
                    PartSize = body.Length,
                    ChecksumCRC32C = Crc32C.ToBase64(Crc32C.Compute(body.WrittenSpan)),
                },
                ct);
            this.parts.Add(new PartETag(number, response.ETag) { ChecksumCRC32C = response.ChecksumCRC32C });
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "UploadPart", key);
        }

        body.SetLength(0);
        body.Position = 0;
    }

    public async Task FinishAsync(PooledBufferStream body, CancellationToken ct)
    {
        if (this.uploadId is null)
        {
            body.Position = 0;
            try
            {
                await client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = destination.Bucket,
                        Key = key,
                        InputStream = body,
                        ContentType = "text/csv; charset=utf-8",
                        AutoCloseStream = false,
                        ChecksumCRC32C = Crc32C.ToBase64(Crc32C.Compute(body.WrittenSpan)), // Object Lock buckets need one
                    }.Apply(destination),
                    ct);
            }
            catch (Exception ex)
            {
                throw s3.Fail(ex, destination, "PutObject", key);
            }

            return;
        }

        if (body.Length > 0)
        {
            await this.SendPartAsync(body, ct);
        }

        try
        {
            await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = destination.Bucket, Key = key, UploadId = this.uploadId, PartETags = this.parts }, ct);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "CompleteMultipartUpload", key);
        }

        this.uploadId = null;
    }

    public async Task AbortAsync()
    {
        if (this.uploadId is { } id)
        {
            try
            {
                await client.AbortMultipartUploadAsync(destination.Bucket, key, id, CancellationToken.None);
            }
            catch (Exception)
            {
                // The failure that led here is the one reported; a retry starts a new upload.
            }
        }
    }
}
