namespace Orchestrator.Destinations;

/// <summary>A create found the destination id taken, or an update's If-Match no longer matches.</summary>
public sealed class DestinationConflictException : Exception
{
    public DestinationConflictException()
    {
    }

    public DestinationConflictException(string message)
        : base(message)
    {
    }

    public DestinationConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
