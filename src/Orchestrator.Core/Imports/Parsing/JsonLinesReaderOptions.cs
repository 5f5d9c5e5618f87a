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
    /// Most names a record may have (null-valued ones included); a record with more is rejected, and parsing stops at
    /// the first name past it, so a record of 100,000 keys costs no more than one of 253.
    /// </summary>
    public int MaxNames { get; init; } = int.MaxValue;

    /// <summary>
    /// Most bytes an oversized record may span while the reader looks for its end; beyond it the reader throws
    /// <see cref="ImportLimitExceededException"/> (an endless line fails its file instead of being read to the end).
    /// </summary>
    public long MaxSkipBytes { get; init; } = long.MaxValue;
}
