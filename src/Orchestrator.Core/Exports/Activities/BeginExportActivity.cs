using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Buffers;
using Orchestrator.Errors;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Schemas;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.Options;
using Orchestrator.Reports;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Step 2: describe the report, lay out the parts and start the multipart upload at the deterministic key. Uploads
/// left behind at that key by a crashed earlier attempt are aborted, so a rerun never leaves orphans.
/// </summary>
public sealed class BeginExportActivity(
    DestinationS3 s3,
    IReportSource reports,
    IRunStore runs,
    IOptions<ExportOptions> options,
    ILogger<BeginExportActivity> logger) : TaskActivity<BeginExportInput, ExportPlan>
{
    /// <summary>S3 allows at most 10,000 parts per upload.</summary>
    internal const int MaxParts = 10_000;

    /// <summary>Source bytes compressed up front to estimate how much a gzip part shrinks.</summary>
    internal const int CompressionSampleBytes = 4 * 1024 * 1024;

    /// <summary>Source MiB per file of a typed format when the destination sets no maxFileMiB.</summary>
    internal const int DefaultTypedFileMiB = 64;

    private const long MiB = 1024 * 1024;

    public override async Task<ExportPlan> RunAsync(TaskActivityContext context, BeginExportInput begin)
    {
        var ct = CancellationToken.None;
        var input = begin.Request;
        var (destination, client) = s3.Open(begin.Destination);
        var settings = options.Value;

        ReportDescriptor report;
        try
        {
            report = await reports.DescribeAsync(new ReportLocator(input.TenantId, input.Report, input.Period), ct);
        }
        catch (Exception ex)
        {
            throw StorageErrors.Translate(ex, "Reading the report", destination.Bucket);
        }

        // The typed schema is every format's (a declared column missing from the source fails here: nothing is written).
        var schema = ExportSchemaResolver.Resolve(input.Report, report.Columns);
        var layout = destination.Layout;
        var format = input.Format ?? layout.Format ?? (settings.Compression == ExportCompression.Gzip ? ExportFormat.CsvGzip : ExportFormat.Csv);
        var codec = input.ParquetCodec ?? layout.ParquetCodec;
        string template = layout.KeyTemplate ?? ExportKeyTemplate.Default;
        string manifestKey = ExportKeyTemplate.ManifestKey(template, destination.BucketPath, input.Report, input.Period);
        var previous = await this.ReadPreviousAsync(client, destination, input, begin.SameDay, ct);
        if (ExportFormats.IsTyped(format))
        {
            long perFile = Math.Max((layout.MaxFileMiB ?? DefaultTypedFileMiB) * MiB, (report.Length + MaxParts - 1) / MaxParts);
            int ranges = (int)Math.Max(1, (report.Length + perFile - 1) / perFile);
            Log.TypedExportPlanned(logger, ExportFormats.Name(format), ranges, destination.Bucket, manifestKey);
            return new ExportPlan(
                destination.Bucket,
                ExportKeyTemplate.Render(template, destination.BucketPath, input.Report, input.Period, ExportFormats.Extension(format), 1, ranges),
                manifestKey,
                UploadId: string.Empty,
                report.Length,
                perFile,
                ranges,
                settings.MaxParallelFiles,
                format == ExportFormat.JsonLinesGzip ? ExportCompression.Gzip : ExportCompression.None,
                report.Columns,
                SendContentMd5: false,
                format,
                codec,
                schema,
                template,
                previous);
        }

        var compression = format == ExportFormat.CsvGzip ? ExportCompression.Gzip : ExportCompression.None;
        string key = ExportKeyTemplate.Render(template, destination.BucketPath, input.Report, input.Period, ExportFormats.Extension(format), 1, 1);
        double ratio = compression == ExportCompression.Gzip
            ? await this.EstimateCompressionRatioAsync(input, report.Length, destination.Bucket, ct)
            : 1.0;
        long perPart = PartLayout(report.Length, (long)(settings.PartSizeMiB * MiB * Math.Max(1.0, ratio)));
        int partCount = (int)Math.Max(1, (report.Length + perPart - 1) / perPart);

        // Listing the uploads left at this key and starting ours are independent: run them together and abort every
        // listed upload but ours once both are done (one round trip less on every export).
        var stale = this.ListStaleUploadsAsync(client, destination, key, ct);
        string uploadId;
        try
        {
            var response = await client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest
                {
                    BucketName = destination.Bucket,
                    Key = key,
                    ContentType = compression == ExportCompression.Gzip ? "application/gzip" : "text/csv; charset=utf-8",
                    Metadata = { ["run-id"] = context.InstanceId },
                    ChecksumAlgorithm = ChecksumAlgorithm.CRC32C, // every part carries its CRC-32C (Object Lock buckets need one)
                }.Apply(destination),
                ct);
            uploadId = response.UploadId;
        }
        catch (Exception ex)
        {
            await IgnoreFailureAsync(stale);
            throw s3.Fail(ex, destination, "CreateMultipartUpload", key);
        }

        try
        {
            await this.AbortStaleUploadsAsync(client, destination, key, (await stale).Where(id => id != uploadId), ct);
        }
        catch (Exception)
        {
            // Our upload is in no plan yet, so nothing else would abort it: do it before the failure is reported.
            await IgnoreFailureAsync(client.AbortMultipartUploadAsync(destination.Bucket, key, uploadId, CancellationToken.None));
            throw;
        }

        Log.ExportPlanned(logger, partCount, destination.Bucket, key, uploadId);
        return new ExportPlan(
            destination.Bucket,
            key,
            manifestKey,
            uploadId,
            report.Length,
            perPart,
            partCount,
            settings.MaxParallelParts,
            compression,
            report.Columns,
            settings.SendContentMd5,
            format,
            codec,
            schema,
            template,
            previous);
    }

    private async Task<PreviousExport> ReadPreviousAsync(IAmazonS3 client, Domain.Destination destination, ExportRequest input, Runs.RunRecord? sameDay, CancellationToken ct)
    {
        try
        {
            return await PreviousExports.ReadAsync(client, runs, destination, input, sameDay, logger, ct);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "GetObject", sameDay?.ManifestKey);
        }
    }

    /// <summary>Source bytes per part: the configured size, grown in whole MiB when the report would need more than 10,000 parts.</summary>
    internal static long PartLayout(long sourceLength, long configured)
    {
        long minimum = (sourceLength + MaxParts - 1) / MaxParts;
        long perPart = Math.Max(configured, minimum);
        return (perPart + MiB - 1) / MiB * MiB;
    }

    /// <summary>
    /// Compresses the start of the report to learn how much gzip shrinks it, so that each part reads enough source
    /// bytes to compress to about the configured part size (and stays above S3's 5 MiB minimum).
    /// </summary>
    private async Task<double> EstimateCompressionRatioAsync(ExportRequest input, long length, string bucket, CancellationToken ct)
    {
        long sample = Math.Min(length, CompressionSampleBytes);
        if (sample == 0)
        {
            return 1.0;
        }

        try
        {
            await using var source = await reports.OpenRangeAsync(new ReportLocator(input.TenantId, input.Report, input.Period), 0, sample, ct);
            var counter = new CountingStream();
            await using (var gzip = new System.IO.Compression.GZipStream(counter, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                await source.CopyToAsync(gzip, ct);
            }

            return counter.Length == 0 ? 1.0 : (double)sample / counter.Length;
        }
        catch (Exception ex)
        {
            throw StorageErrors.Translate(ex, "Reading the report", bucket);
        }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // The failure of the step that ran beside it is the one reported.
        }
    }

    /// <summary>Upload ids at exactly <paramref name="key"/>; none when the policy does not allow listing them.</summary>
    private async Task<IReadOnlyList<string>> ListStaleUploadsAsync(IAmazonS3 client, Domain.Destination destination, string key, CancellationToken ct)
    {
        var ids = new List<string>();
        try
        {
            var request = new ListMultipartUploadsRequest { BucketName = destination.Bucket, Prefix = key };
            ListMultipartUploadsResponse page;
            do
            {
                page = await client.ListMultipartUploadsAsync(request, ct);
                ids.AddRange((page.MultipartUploads ?? []).Where(u => u.Key == key).Select(u => u.UploadId));
                request.KeyMarker = page.NextKeyMarker;
                request.UploadIdMarker = page.NextUploadIdMarker;
            }
            while (page.IsTruncated == true);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden && ex.ErrorCode == "AccessDenied")
        {
            // Policies that predate s3:ListBucketMultipartUploads: exporting still works; stale uploads then wait for
            // the bucket's lifecycle rule instead of being cleaned here.
            Log.StaleUploadCheckDenied(logger, destination.Bucket, key);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "ListMultipartUploads", key);
        }

        return ids;
    }

    private async Task AbortStaleUploadsAsync(IAmazonS3 client, Domain.Destination destination, string key, IEnumerable<string> uploadIds, CancellationToken ct)
    {
        foreach (string uploadId in uploadIds)
        {
            try
            {
                await client.AbortMultipartUploadAsync(destination.Bucket, key, uploadId, ct);
                Log.StaleUploadAborted(logger, uploadId, destination.Bucket, key);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchUpload")
            {
                // Gone already.
            }
            catch (Exception ex)
            {
                throw s3.Fail(ex, destination, "AbortMultipartUpload", key);
            }
        }
    }
}
