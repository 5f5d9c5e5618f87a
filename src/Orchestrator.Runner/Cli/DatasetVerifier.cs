using System.Text.Json;
using Amazon.S3;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// Checks a typed export (parquet, jsonl.gz) from the bucket alone: the manifest, then every file it lists, each
/// downloaded and its CRC-32C compared with the manifest's; the rows the manifest counts are returned.
/// </summary>
internal static class DatasetVerifier
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static async Task<(ExportManifest Manifest, bool ChecksumsMatch, long StoredBytes)> VerifyAsync(IAmazonS3 s3, ExportResult result, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(result);
        ExportManifest manifest;
        using (var response = await s3.GetObjectAsync(result.Bucket, result.ManifestKey, ct))
        {
            manifest = (await JsonSerializer.DeserializeAsync<ExportManifest>(response.ResponseStream, WebJson, ct))!;
        }

        bool match = true;
        long stored = 0;
        byte[] chunk = new byte[1 << 20];
        foreach (var file in manifest.Files ?? [])
        {
            using var response = await s3.GetObjectAsync(result.Bucket, file.Key, ct);
            uint crc = 0;
            int read;
            while ((read = await response.ResponseStream.ReadAsync(chunk, ct)) > 0)
            {
                crc = Crc32C.Append(crc, chunk.AsSpan(0, read));
                stored += read;
            }

            match &= string.Equals(Crc32C.ToHex(crc), file.Crc32C, StringComparison.Ordinal);
        }

        return (manifest, match, stored);
    }
}
