namespace Orchestrator.Errors;

/// <summary>
/// A fault worth retrying (throttling, 5xx, timeouts, connection resets). Activities throw it so that the
/// orchestration's retry policy, which handles only this type, tries again.
/// </summary>
public sealed class TransientStorageException : Exception
{
    public TransientStorageException()
    {
    }

    public TransientStorageException(string message)
        : base(message)
    {
    }

    public TransientStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
