namespace Orchestrator.Imports.Parsing;

/// <summary>Limits and shape of the records a <see cref="CsvRecordReader"/> accepts.</summary>
public sealed record CsvReaderOptions
{
    public static CsvReaderOptions Default { get; } = new();

    /// <summary>
    /// Largest field, in encoded bytes (between the quotes for a quoted field, doubled quotes counted twice);
    /// a larger one rejects its record.
    /// </summary>
    public int MaxFieldBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Largest record, in bytes including its line terminator; this is also the most the reader ever buffers.
    /// A larger record is rejected and the reader resumes after the next LF.
    /// </summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Most fields a record may have; a record with more is rejected with that reason (which wins over "record too
    /// large"), and the fields past it are counted no further, so a header of 100,000 columns fails in bounded memory.
    /// </summary>
    public int MaxColumns { get; init; } = int.MaxValue;

    /// <summary>When set, a record with another number of fields is rejected.</summary>
    public int? ExpectedColumns { get; init; }

    /// <summary>
    /// Most bytes an oversized record may span while the reader looks for its end; beyond it the reader throws
    /// <see cref="ImportLimitExceededException"/> (an endless line fails its file instead of being read to the end).
    /// </summary>
    public long MaxSkipBytes { get; init; } = long.MaxValue;
}
