using Orchestrator.Reports;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The real report source, which runs <see cref="OnReach"/> once (to the end) when a run first reads at or past
/// <paramref name="atOffset"/>: a way to change the world in the middle of an export, between two of its parts.
/// </summary>
public sealed class EditingReportSource(IReportSource inner, long atOffset) : IReportSource
{
    private int fired;

    public Func<Task>? OnReach { get; set; }

    public Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken) =>
        inner.DescribeAsync(locator, cancellationToken);

    public async Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken)
    {
        if (offset >= atOffset && this.OnReach is { } edit && Interlocked.Exchange(ref this.fired, 1) == 0)
        {
            await edit();
        }

        return await inner.OpenRangeAsync(locator, offset, length, cancellationToken);
    }
}
