namespace Orchestrator.Exports.Models;

/// <summary>What one uploaded part reports back.</summary>
/// <param name="Size">Bytes stored in S3 for this part (compressed when gzip).</param>
/// <param name="Crc32C">CRC-32C of the stored bytes.</param>
/// <param name="Lines">Line feeds in the uncompressed source range, by quote parity (for counting CSV records).</param>
/// <param name="EndsWithNewline">Whether the source range ends with a line feed.</param>
public sealed record PartResult(int PartNumber, string ETag, long Size, uint Crc32C, PartLines Lines, bool EndsWithNewline);
