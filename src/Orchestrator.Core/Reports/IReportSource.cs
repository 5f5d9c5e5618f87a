namespace Orchestrator.Reports;

/// <summary>
/// Where Insights reports come from. Reads are by byte range so that every part of an export produces its own
/// bytes lazily and independently: memory never grows with report size.
/// </summary>
public interface IReportSource
{
    /// <summary>Size, schema and (when known) row count of a report.</summary>
    /// <exception cref="ReportNotFoundException">The report does not exist.</exception>
    Task<ReportDescriptor> DescribeAsync(ReportLocator locator, CancellationToken cancellationToken);

    /// <summary>Opens <paramref name="length"/> bytes of the uncompressed CSV starting at <paramref name="offset"/>.</summary>
    Task<Stream> OpenRangeAsync(ReportLocator locator, long offset, long length, CancellationToken cancellationToken);
}
