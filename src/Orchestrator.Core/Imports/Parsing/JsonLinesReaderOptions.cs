namespace Orchestrator.Imports.Parsing;

/// <summary>Limits of a <see cref="JsonLinesRecordReader"/>.</summary>
public sealed record JsonLinesReaderOptions
{
    public static JsonLinesReaderOptions Default { get; } = new();

    /// <summary>
    /// Largest line, in bytes including its LF; this is also the most the reader ever buffers. A longer line is
    /// rejected and the reader resumes after its LF.
    /// </summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;
}
