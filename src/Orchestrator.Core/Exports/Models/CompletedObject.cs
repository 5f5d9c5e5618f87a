namespace Orchestrator.Exports.Models;

/// <summary>The published object.</summary>
public sealed record CompletedObject(string Bucket, string Key, long Size, string Crc32C, long Rows, string ETag);
