namespace Orchestrator.Exports.Models;

/// <summary>
/// The multipart upload an export writes, decided once by an activity and then replayed from history, so the
/// orchestrator stays deterministic even if configuration changes mid-run.
/// </summary>
/// <param name="SourceLength">Uncompressed report bytes.</param>
/// <param name="SourceBytesPerPart">Uncompressed bytes each part reads (the last part reads the rest).</param>
/// <param name="MaxParallelParts">Upload-part activities in flight at once.</param>
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
    bool SendContentMd5 = false)
{
    /// <summary>Byte range of the source that part <paramref name="partNumber"/> (1-based) covers.</summary>
    public (long Offset, long Length) RangeOf(int partNumber)
    {
        long offset = (partNumber - 1) * this.SourceBytesPerPart;
        return (offset, Math.Min(this.SourceBytesPerPart, this.SourceLength - offset));
    }
}
