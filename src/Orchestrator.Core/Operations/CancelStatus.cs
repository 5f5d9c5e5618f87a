namespace Orchestrator.Operations;

/// <summary>How a cancel request ended.</summary>
public enum CancelStatus
{
    NotFound,
    AlreadyFinished,
    Cancelled,
}
