using Microsoft.Extensions.Options;

namespace Orchestrator.Reports;

/// <summary>CSV files in a local folder, <c>{Directory}/{report}.csv</c>; used by benchmarks and local runs.</summary>
public sealed class LocalFileReportSource(IOptions<ReportSourceOptions> options) : IReportSource
{
    private readonly string directory = options.Value.Directory
        ?? throw new InvalidOperationException($"{ReportSourceOptions.SectionName}:{nameof(ReportSourceOptions.Directory)} is required for the LocalFile source.");

    public async Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken)
    {
        var file = new FileInfo(this.PathOf(locator));
        if (!file.Exists)
        {
            throw new ReportNotFoundException($"Report '{locator.Report}' was not found in the local report folder.");
        }

        await using var stream = file.OpenRead();
        var columns = await CsvHeader.ReadAsync(stream, cancellationToken);
        return new ReportDescriptor(file.Length, columns, RowCount: null);
    }

    public Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken)
    {
        var stream = new FileStream(this.PathOf(locator), new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(new BoundedReadStream(stream, length));
    }

    private string PathOf(ReportLocator locator) => Path.Combine(this.directory, locator.Report + ".csv");
}
