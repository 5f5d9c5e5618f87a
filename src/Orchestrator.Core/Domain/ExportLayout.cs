using Orchestrator.Exports.Formats;

namespace Orchestrator.Domain;

/// <summary>
/// How a destination's exports are laid out (issue 15): the file format, the Parquet codec, the object-key template
/// under the bucket path and the maximum file size. Every member has a default that keeps today's layout: one
/// CSV(.gz) object per report-day at <c>{report}/{yyyy}/{MM}/{dd}/{report}_{date}.{ext}</c>.
/// </summary>
/// <param name="Format">The file format; null follows the service default (<c>Export:Compression</c>: csv.gz, or csv).</param>
/// <param name="ParquetCodec">Column-chunk codec when the format is Parquet.</param>
/// <param name="KeyTemplate">Object-key template under the bucket path (see <see cref="Exports.ExportKeyTemplate"/>); null is today's layout.</param>
/// <param name="MaxFileMiB">Source MiB per file for parquet and jsonl.gz: a larger report becomes several complete files; null uses the default.</param>
public sealed record ExportLayout(ExportFormat? Format = null, ParquetCodec ParquetCodec = ParquetCodec.Snappy, string? KeyTemplate = null, int? MaxFileMiB = null)
{
    public static ExportLayout Default { get; } = new();
}
