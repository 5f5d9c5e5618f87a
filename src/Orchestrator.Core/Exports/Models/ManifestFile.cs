namespace Orchestrator.Exports.Models;

/// <summary>One file of a manifest v2: key, stored size, rows, CRC-32C (hex) and the ETag S3 gave it.</summary>
public sealed record ManifestFile(string Key, long SizeBytes, long Rows, string Crc32C, string ETag);
