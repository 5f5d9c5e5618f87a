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

    /// <summary>
    /// Most bytes an oversized record may span while the reader looks for its end; beyond it the reader throws
    /// <see cref="ImportLimitExceededException"/> (an endless line fails its file instead of being read to the end).
    /// </summary>
    public long MaxSkipBytes { get; init; } = long.MaxValue;
}
