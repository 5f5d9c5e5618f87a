using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.Logging;
using Orchestrator.Reports;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Typed formats (parquet, jsonl.gz), fanned out: produce one complete file from its record-aligned source range into
/// a temporary file (memory stays bounded by one row group, whatever the file's size), then PUT it with its CRC-32C.
/// A retry redoes only this file and overwrites the same key.
/// </summary>
public sealed class WriteFileActivity(DestinationS3 s3, IReportSource reports, ILogger<WriteFileActivity> logger)
    : TaskActivity<WriteFileInput, WrittenFile>
{
    private const int HashChunk = 1024 * 1024;

    public override async Task<WrittenFile> RunAsync(TaskActivityContext context, WriteFileInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = CancellationToken.None;
        var request = input.Request;
        var (destination, client) = s3.Open(input.Destination);
        string path = Path.Combine(Path.GetTempPath(), $"orchestrator-export-{Guid.NewGuid():N}.tmp");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

        ExportFileProducer.Produced produced;
        try
        {
            await using var source = await reports.OpenRangeAsync(new ReportLocator(request.TenantId, request.Report, request.Period), input.SourceOffset, input.SourceLength, ct);
            produced = await ExportFileProducer.ProduceAsync(source, input.SourceOffset, file, input.Format, input.Codec, input.Schema, ct);
        }
        catch (Exception ex)
        {
            throw StorageErrors.Translate(ex, "Reading the report", destination.Bucket, input.Key);
        }

        long size = file.Length;
        uint crc = await ChecksumAsync(file, ct);
        file.Position = 0;
        try
        {
            var response = await client.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = input.Bucket,
                    Key = input.Key,
                    InputStream = file,
                    AutoCloseStream = false,
                    ContentType = ExportFormats.ContentType(input.Format),
                    ChecksumCRC32C = Crc32C.ToBase64(crc),
                    Metadata = { ["run-id"] = context.InstanceId },
                }.Apply(destination),
                ct);
            string etag = string.IsNullOrEmpty(response.ETag)
                ? (await client.GetObjectMetadataAsync(input.Bucket, input.Key, ct)).ETag
                : response.ETag;
            Log.FileWritten(logger, input.PartNumber, input.Bucket, input.Key, size, produced.Rows);
            return new WrittenFile(input.PartNumber, input.Key, size, produced.Rows, crc, etag, produced.InvalidValues);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "PutObject", input.Key);
        }
    }

    private static async Task<uint> ChecksumAsync(Stream file, CancellationToken ct)
    {
        file.Position = 0;
        uint crc = 0;
        byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(HashChunk);
        try
        {
            int read;
            while ((read = await file.ReadAsync(chunk.AsMemory(0, HashChunk), ct)) > 0)
            {
                crc = Crc32C.Append(crc, chunk.AsSpan(0, read));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return crc;
    }
}
