using System.IO.Compression;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Buffers;
using Orchestrator.Errors;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.Logging;
using Orchestrator.Reports;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Step 3, fanned out: produce one part's bytes from its source range (compressed as its own gzip member when
/// gzip is on), checksum them, and upload them with their CRC-32C (x-amz-checksum-crc32c, and Content-MD5 when
/// Export:SendContentMd5 is on) so S3 rejects anything corrupted on the way and Object Lock buckets accept them.
/// Re-running a part overwrites the same part number: retries are idempotent.
/// </summary>
public sealed class UploadPartActivity(DestinationS3 s3, IReportSource reports, ILogger<UploadPartActivity> logger)
    : TaskActivity<UploadPartInput, PartResult>
{
    /// <summary>S3's minimum size for every part but the last.</summary>
    internal const long MinPartSize = 5 * 1024 * 1024;

    private const int ReadChunk = 1024 * 1024;

    public override async Task<PartResult> RunAsync(TaskActivityContext context, UploadPartInput input)
    {
        var ct = CancellationToken.None;
        var request = input.Request;
        var (destination, client) = s3.Open(input.Destination);

        using var body = new PooledBufferStream(input.Compression == ExportCompression.Gzip
            ? (int)(input.SourceLength / 3)
            : (int)input.SourceLength);
        CsvLineCounter counted;
        try
        {
            await using var source = await reports.OpenRangeAsync(new ReportLocator(request.TenantId, request.Report, request.Period), input.SourceOffset, input.SourceLength, ct);
            counted = await FillAsync(source, body, input, ct);
        }
        catch (Exception ex)
        {
            throw StorageErrors.Translate(ex, "Reading the report", destination.Bucket, input.ObjectKey);
        }

        var bytes = body.WrittenSpan;
        if (input.Compression == ExportCompression.Gzip && bytes.Length < MinPartSize && !input.IsLastPart)
        {
            throw new PermanentRunException(
                $"Part {input.PartNumber} compressed to {bytes.Length} bytes, below S3's 5 MiB minimum part size: raise Export:PartSizeMiB or turn compression off.");
        }

        uint crc = Crc32C.Compute(bytes);
#pragma warning disable CA5351 // Content-MD5 is S3's integrity check for the body, not a security measure.
        string? md5 = input.SendContentMd5 ? Convert.ToBase64String(MD5.HashData(bytes)) : null;
#pragma warning restore CA5351
        long size = bytes.Length;
        body.Position = 0;

        try
        {
            var response = await client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = input.Bucket,
                    Key = input.ObjectKey,
                    UploadId = input.UploadId,
                    PartNumber = input.PartNumber,
                    InputStream = body,
                    PartSize = size,
                    MD5Digest = md5,

                    // Free: the CRC-32C was computed above for the manifest anyway. Object Lock buckets refuse parts
                    // without an integrity header; this one satisfies them at no cost to plain buckets.
                    ChecksumCRC32C = Crc32C.ToBase64(crc),
                },
                ct);
            Log.PartUploaded(logger, input.PartNumber, input.Bucket, input.ObjectKey, size);
            return new PartResult(input.PartNumber, response.ETag, size, crc, counted.Result, counted.LastByte == (byte)'\n');
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "UploadPart", input.ObjectKey);
        }
    }

    private static async Task<CsvLineCounter> FillAsync(Stream source, PooledBufferStream body, UploadPartInput input, CancellationToken ct)
    {
        var lines = new CsvLineCounter();
        long total = 0;
        Stream sink = input.Compression == ExportCompression.Gzip
            ? new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true)
            : body;
        try
        {
            if (input.Compression == ExportCompression.None)
            {
                // Read straight into the part buffer: no intermediate copy.
                long remaining = input.SourceLength;
                while (remaining > 0)
                {
                    var target = body.GetWriteMemory((int)Math.Min(ReadChunk, remaining));
                    int read = await source.ReadAsync(target, ct);
                    if (read == 0)
                    {
                        break;
                    }

                    lines.Add(target.Span[..read]);
                    body.Advance(read);
                    remaining -= read;
                    total += read;
                }
            }
            else
            {
                byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadChunk);
                try
                {
                    int read;
                    while ((read = await source.ReadAsync(chunk.AsMemory(0, ReadChunk), ct)) > 0)
                    {
                        lines.Add(chunk.AsSpan(0, read));
                        await sink.WriteAsync(chunk.AsMemory(0, read), ct);
                        total += read;
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(sink, body))
            {
                await sink.DisposeAsync();
            }
        }

        if (total != input.SourceLength)
        {
            // A report that shrank (or grew) after it was described would publish a truncated object.
            throw new PermanentRunException(
                $"The report changed during the export: part {input.PartNumber} read {total} of {input.SourceLength} bytes.");
        }

        return lines;
    }
}
