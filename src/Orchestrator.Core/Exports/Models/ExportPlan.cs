using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Schemas;

namespace Orchestrator.Exports.Models;

/// <summary>
/// The multipart upload (CSV formats) or the nominal file ranges (typed formats: parquet, jsonl.gz) an export writes, decided once by an activity and then replayed from history, so the
/// orchestrator stays deterministic even if configuration changes mid-run.
/// </summary>
/// <param name="SourceLength">Uncompressed report bytes.</param>
/// <param name="SourceBytesPerPart">Uncompressed bytes each part reads (the last part reads the rest).</param>
/// <param name="MaxParallelParts">Activities in flight at once: upload parts (csv, csv.gz; <c>Export:MaxParallelParts</c>) or write files (typed formats; <c>Export:MaxParallelFiles</c>).</param>
/// <param name="Schema">The typed schema resolved from the source header.</param>
/// <param name="Previous">What the report-day's previous run wrote and the report's previous schema (see <see cref="PreviousExports"/>).</param>
/// <param name="KeyTemplate">The destination's key template (typed formats render one key per file).</param>
public sealed record ExportPlan(
    string Bucket,
    string ObjectKey,
    string ManifestKey,
    string UploadId,
    long SourceLength,
    long SourceBytesPerPart,
    int PartCount,
    int MaxParallelParts,
    ExportCompression Compression,
    IReadOnlyList<string> Columns,
    bool SendContentMd5 = false,
    ExportFormat Format = ExportFormat.CsvGzip,
    ParquetCodec Codec = ParquetCodec.Snappy,
    ExportSchema? Schema = null,
    string KeyTemplate = ExportKeyTemplate.Default,
    PreviousExport? Previous = null)
{
    /// <summary>Byte range of the source that part <paramref name="partNumber"/> (1-based) covers.</summary>
    public (long Offset, long Length) RangeOf(int partNumber)
    {
        long offset = (partNumber - 1) * this.SourceBytesPerPart;
        return (offset, Math.Min(this.SourceBytesPerPart, this.SourceLength - offset));
    }
}
