namespace Orchestrator.Exports.Models;

/// <summary>
/// The <c>_manifest.json</c> written in the folder of every report-day, last, once every file is complete. Version 2
/// adds the format, every file, the typed schema, invalid values per column and the schema changes; the v1 fields stay
/// (for a dataset <see cref="ObjectKey"/> is its first file and the checksum covers the files concatenated in order).
/// </summary>
public sealed record ExportManifest(
    int Version,
    string Bucket,
    string ObjectKey,
    long SizeBytes,
    long UncompressedBytes,
    long RowCount,
    string Compression,
    string ContentType,
    ManifestChecksum Checksum,
    ManifestSchema Schema,
    string Tenant,
    string Report,
    DateOnly Period,
    string RunId,
    DateTimeOffset GeneratedAt,
    int Parts,
    string? Format = null,
    IReadOnlyList<ManifestFile>? Files = null,
    IReadOnlyDictionary<string, long>? InvalidValues = null,
    SchemaChanges? SchemaChanges = null);
