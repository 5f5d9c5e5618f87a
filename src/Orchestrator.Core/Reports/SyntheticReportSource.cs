using Microsoft.Extensions.Options;

namespace Orchestrator.Reports;

/// <summary>The local default source: <see cref="SyntheticInsightsReport"/> with a configured row count.</summary>
public sealed class SyntheticReportSource(IOptions<ReportSourceOptions> options) : IReportSource
{
    private readonly long rows = options.Value.SyntheticRows;

    public Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken) =>
        Task.FromResult(new ReportDescriptor(SyntheticInsightsReport.Length(this.rows), SyntheticInsightsReport.Columns, this.rows));

    public Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken)
    {
        long total = SyntheticInsightsReport.Length(this.rows);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, total);
        return Task.FromResult(SyntheticInsightsReport.Open(locator, offset, length));
    }
}
