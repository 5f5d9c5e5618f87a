namespace Orchestrator.Reports;

/// <summary>The requested report does not exist in the configured source (a permanent failure).</summary>
public sealed class ReportNotFoundException : Exception
{
    public ReportNotFoundException()
    {
    }

    public ReportNotFoundException(string message)
        : base(message)
    {
    }

    public ReportNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
