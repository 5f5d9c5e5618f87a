namespace Orchestrator.Runs;

/// <summary>
/// A failure that retrying cannot fix (denied access, missing bucket, bad configuration), whatever the run's kind:
/// no retry policy handles it, so it fails the step, and the run, at once. Its message is written for the customer:
/// it says what failed and what to change.
/// </summary>
public sealed class PermanentRunException : Exception
{
    public PermanentRunException()
    {
    }

    public PermanentRunException(string message)
        : base(message)
    {
    }

    public PermanentRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
