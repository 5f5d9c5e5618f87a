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
}
