namespace Orchestrator.Exports.Models;

/// <summary>One complete file a typed export wrote: its key, stored size, rows, CRC-32C, ETag and invalid values per column.</summary>
public sealed record WrittenFile(int PartNumber, string Key, long Size, long Rows, uint Crc32C, string ETag, IReadOnlyDictionary<string, long> InvalidValues);
