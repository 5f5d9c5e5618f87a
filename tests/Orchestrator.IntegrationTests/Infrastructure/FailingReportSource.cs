using Orchestrator.Reports;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Fault injection: the real synthetic source, except that reading from <paramref name="failFromOffset"/> on fails permanently.</summary>
public sealed class FailingReportSource(IReportSource inner, long failFromOffset) : IReportSource
{
    public Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken) =>
        inner.DescribeAsync(locator, cancellationToken);

    public Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken) =>
        offset >= failFromOffset
            ? throw new ReportNotFoundException("The report store lost the rest of this report.")
            : inner.OpenRangeAsync(locator, offset, length, cancellationToken);
}
