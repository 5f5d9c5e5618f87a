namespace Orchestrator.Imports.Parsing;

/// <summary>
/// A file went over one of the import's limits (uncompressed size, compression ratio, an oversized record's skip):
/// the file fails with <see cref="Exception.Message"/> as its reason, which names the limit and its setting.
/// </summary>
public sealed class ImportLimitExceededException : Exception
{
    public ImportLimitExceededException()
    {
    }

    public ImportLimitExceededException(string message)
        : base(message)
    {
    }

    public ImportLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
