using System.ComponentModel.DataAnnotations;
using Orchestrator.Exports.Models;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Export";

    /// <summary>Uncompressed bytes per part (S3 requires at least 5 MiB for every part but the last).</summary>
    [Range(8, 512)]
    public int PartSizeMiB { get; set; } = 16;

    /// <summary>Upload-part activities in flight per export (bounded fan-out).</summary>
    [Range(1, 64)]
    public int MaxParallelParts { get; set; } = 8;

    /// <summary>
    /// Typed formats (parquet, jsonl.gz): file-writing activities in flight per export. Each encodes its range on a
    /// core and holds one row group, so this (not the report's size) bounds an export's memory: a 1 GiB report has
    /// as many writers at once as a 256 MiB one. More than the worker's cores buys no speed.
    /// </summary>
    [Range(1, 64)]
    public int MaxParallelFiles { get; set; } = 2;

    public ExportCompression Compression { get; set; } = ExportCompression.Gzip;

    /// <summary>
    /// Also send Content-MD5 with every part. Off by default: SigV4 payload signing already lets S3 reject a corrupted
    /// body, and the manifest's CRC-32C covers the object end to end; MD5 costs about a core-second per 700 MB.
    /// </summary>
    public bool SendContentMd5 { get; set; }
}
