using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Orchestrator.Reports;

/// <summary>Reports staged as blobs: <c>{container}/{tenant}/{report}/{yyyy-MM-dd}.csv</c>, read by ranged downloads.</summary>
public sealed class BlobReportSource(BlobContainerClient container) : IReportSource
{
    public static string BlobName(ReportLocator locator) =>
        $"{locator.TenantId}/{locator.Report}/{locator.Period:yyyy-MM-dd}.csv";

    public async Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(BlobName(locator));
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            var head = await blob.DownloadStreamingAsync(
                new BlobDownloadOptions { Range = new HttpRange(0, Math.Min(properties.ContentLength, CsvHeader.MaxHeaderBytes)) },
                cancellationToken);
            await using var stream = head.Value.Content;
            var columns = await CsvHeader.ReadAsync(stream, cancellationToken);
            return new ReportDescriptor(properties.ContentLength, columns, RowCount: null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ReportNotFoundException($"Report '{locator.Report}' for {locator.Period:yyyy-MM-dd} was not found in the report store.", ex);
        }
    }

    public async Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(BlobName(locator));
        var response = await blob.DownloadStreamingAsync(
            new BlobDownloadOptions { Range = new HttpRange(offset, length) },
            cancellationToken);
        return response.Value.Content;
    }
}
