namespace Orchestrator.Exports.Models;

/// <summary>Output of a successful export run.</summary>
public sealed record ExportResult(string RunId, string Bucket, string ObjectKey, string ManifestKey, long Bytes, long Rows, int Parts, string Crc32C);
