using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Orchestrator.Buffers;
using Orchestrator.Hashing;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Parsing;
using Orchestrator.Imports.Rejects;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Writes the run's rejected rows back to the customer's bucket as <c>{path}/{prefix}_errors/{run id}.csv</c>
/// (file, line, reason); returns the key, or null when nothing was rejected. The report is streamed: rows go into
/// one part-sized buffer, a report that outgrows it is sent as a multipart upload part by part (aborted on failure,
/// so no half report is left), so memory stays one part whatever the number of rejections. Rejections beyond
/// Import:MaxStoredRejections were counted, not stored: a last line says how many are not listed.
/// </summary>
public sealed class WriteImportErrorReportActivity(DestinationS3 s3, IImportRejectStore rejects) : TaskActivity<ErrorReportInput, string?>
{
    /// <summary>Bytes per part of a report that needs more than one (S3's minimum part is 5 MiB).</summary>
    public const int PartBytes = 8 * 1024 * 1024;

    public override async Task<string?> RunAsync(TaskActivityContext context, ErrorReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        string key = ImportNaming.ErrorReportKey(destination.BucketPath, input.Request.Prefix, input.RunId);
        using var body = new PooledBufferStream(64 * 1024);
        var writer = new CsvWriter(body);
        writer.WriteRecord(["file", "line", "reason"]);
        long count = 0;
        long rows = 0;
        var upload = new ReportUpload(s3, client, destination, key);
        try
        {
            // The store yields rows grouped by file and in line order: streamed straight into the report.
            await foreach (var rejection in rejects.ListAsync(input.RunId, ct))
            {
                writer.WriteRecord([rejection.Key, rejection.Line.ToString(CultureInfo.InvariantCulture), rejection.Reason]);
                count++;
                rows += rejection.Line > 0 ? 1 : 0;
                if (count % 1024 == 0)
                {
                    writer.Flush();
                    if (body.Length >= PartBytes)
                    {
                        await upload.SendPartAsync(body, ct);
                    }
                }
            }

            if (count == 0)
            {
                return null;
            }

            if (input.RowsRejected > rows)
            {
                writer.WriteRecord([string.Empty, string.Empty, string.Create(
                    CultureInfo.InvariantCulture, $"{input.RowsRejected - rows} more rejected rows are not listed (Import:MaxStoredRejections)")]);
            }

            writer.Flush();
            await upload.FinishAsync(body, ct);
            return key;
        }
        catch (Exception)
        {
            await upload.AbortAsync();
            throw;
        }
    }

    /// <summary>One PutObject for a report of one part, else a multipart upload begun with the first full part.</summary>
    private sealed class ReportUpload(DestinationS3 s3, IAmazonS3 client, Orchestrator.Domain.Destination destination, string key)
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
}
