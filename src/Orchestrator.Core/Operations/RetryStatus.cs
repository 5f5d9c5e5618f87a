namespace Orchestrator.Operations;

/// <summary>How a retry request ended.</summary>
public enum RetryStatus
{
    NotFound,
    NotRetryable,
    Restarted,
}
