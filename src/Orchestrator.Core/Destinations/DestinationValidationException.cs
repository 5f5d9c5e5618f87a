namespace Orchestrator.Destinations;

/// <summary>A destination change that is invalid given what is stored (e.g. switching to access keys without a secret).</summary>
public sealed class DestinationValidationException : Exception
{
    public DestinationValidationException()
    {
    }

    public DestinationValidationException(string message)
        : base(message)
    {
    }

    public DestinationValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DestinationValidationException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        this.Field = field;
    }

    /// <summary>The request field at fault.</summary>
    public string Field { get; } = "body";
}
