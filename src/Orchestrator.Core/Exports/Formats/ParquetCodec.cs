namespace Orchestrator.Exports.Formats;

/// <summary>Compression codec of Parquet column chunks (Snappy by default: every lake reader has it, and it is fast).</summary>
public enum ParquetCodec
{
    Snappy = 0,
    Zstd = 1,
    Gzip = 2,
    None = 3,
}
