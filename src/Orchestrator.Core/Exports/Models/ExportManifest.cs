namespace Orchestrator.Exports.Models;

/// <summary>The <c>_manifest.json</c> written next to every exported object, last, once the object is complete.</summary>
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
    int Parts);
