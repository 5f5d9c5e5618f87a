namespace Orchestrator.Exports.Models;

/// <summary>Checksum of the whole object as stored (CRC-32C, hex and the base64 form S3 uses).</summary>
public sealed record ManifestChecksum(string Algorithm, string Hex, string Base64);
