namespace Orchestrator.Errors;

/// <summary>
/// A failure that retrying cannot fix (denied access, missing bucket, bad configuration). Its message is written for
/// the customer: it says what failed and what to change.
/// </summary>
public sealed class PermanentExportException : Exception
{
    public PermanentExportException()
    {
    }

    public PermanentExportException(string message)
        : base(message)
    {
    }

    public PermanentExportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
