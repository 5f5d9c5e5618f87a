using System.Globalization;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Orchestrator.Buffers;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Parsing;
using Orchestrator.Imports.Rejects;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Writes the run's rejected rows back to the customer's bucket as <c>{path}/{prefix}_errors/{run id}.csv</c>
/// (file, line, reason); returns the key, or null when nothing was rejected.
/// </summary>
public sealed class WriteImportErrorReportActivity(DestinationS3 s3, IImportRejectStore rejects) : TaskActivity<ErrorReportInput, string?>
{
    public override async Task<string?> RunAsync(TaskActivityContext context, ErrorReportInput input)
    {
        var ct = CancellationToken.None;
        var (destination, client) = s3.Open(input.Destination);
        using var body = new PooledBufferStream(64 * 1024);
        var writer = new CsvWriter(body);
        writer.WriteRecord(["file", "line", "reason"]);
        int count = 0;

        // The store yields rows grouped by file and in line order: streamed straight into the report.
        await foreach (var rejection in rejects.ListAsync(input.RunId, ct))
        {
            writer.WriteRecord([rejection.Key, rejection.Line.ToString(CultureInfo.InvariantCulture), rejection.Reason]);
            count++;
        }

        if (count == 0)
        {
            return null;
        }

        writer.Flush();
        body.Position = 0;
        string key = ImportNaming.ErrorReportKey(destination.BucketPath, input.Request.Prefix, input.RunId);
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
                    ChecksumCRC32C = Orchestrator.Hashing.Crc32C.ToBase64(Orchestrator.Hashing.Crc32C.Compute(body.WrittenSpan)), // Object Lock buckets need one
                }.Apply(destination),
                ct);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "PutObject", key);
        }

        return key;
    }
}
