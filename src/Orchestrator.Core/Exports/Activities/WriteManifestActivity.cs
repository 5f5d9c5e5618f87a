using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>Step 5: write <c>_manifest.json</c> (v2) in the report-day's folder, last, so its presence means every file is complete.</summary>
public sealed class WriteManifestActivity(DestinationS3 s3) : TaskActivity<ManifestInput, WrittenObject>
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<WrittenObject> RunAsync(TaskActivityContext context, ManifestInput input)
    {
        var ct = CancellationToken.None;
        var plan = input.Plan;
        var (destination, client) = s3.Open(input.Destination);
        var manifest = Build(input);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(manifest, JsonOptions);
#pragma warning disable CA5351 // Content-MD5 is S3's integrity check for the body, not a security measure.
        string md5 = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(body));
#pragma warning restore CA5351
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            var response = await client.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = plan.Bucket,
                    Key = plan.ManifestKey,
                    InputStream = stream,
                    ContentType = "application/json",
                    MD5Digest = md5,
                }.Apply(destination),
                ct);
            return new WrittenObject(plan.ManifestKey, response.ETag);
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "PutObject", plan.ManifestKey);
        }
    }

    internal static ExportManifest Build(ManifestInput input)
    {
        var plan = input.Plan;
        var obj = input.Published;
        byte[] crc = Convert.FromBase64String(obj.Crc32C);
        var format = plan.Format;
        var schema = plan.Schema;
        var files = input.Files is { } written
            ? written.Select(f => new ManifestFile(f.Key, f.Size, f.Rows, Crc32C.ToHex(f.Crc32C), f.ETag)).ToList()
            : [new ManifestFile(obj.Key, obj.Size, obj.Rows, Convert.ToHexStringLower(crc), obj.ETag)];
        var invalid = (input.Files ?? [])
            .SelectMany(f => f.InvalidValues)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        var types = schema?.Columns.Select(c => new ManifestColumn(c.Column.Name, c.Column.TypeName)).ToList();
        return new ExportManifest(
            Version: 2,
            Bucket: obj.Bucket,
            ObjectKey: obj.Key,
            SizeBytes: obj.Size,
            UncompressedBytes: plan.SourceLength,
            RowCount: obj.Rows,
            Compression: ExportFormats.Compression(format, plan.Codec),
            ContentType: format == ExportFormat.Csv ? "text/csv" : ExportFormats.ContentType(format),
            Checksum: new ManifestChecksum("CRC32C", Convert.ToHexStringLower(crc), obj.Crc32C),
            Schema: new ManifestSchema(ExportFormats.Name(format), plan.Columns, schema?.Declared, schema?.Fingerprint, types, schema?.ExtraColumns),
            Tenant: input.Request.TenantId,
            Report: input.Request.Report,
            Period: input.Request.Period,
            RunId: input.RunId,
            GeneratedAt: input.GeneratedAt,
            Parts: input.Files?.Count ?? plan.PartCount,
            Format: ExportFormats.Name(format),
            Files: files,
            InvalidValues: invalid,
            SchemaChanges: Changes(input.Previous, schema?.Fingerprint, types));
    }

    /// <summary>How the schema differs from the report's previous run (null when there is none, or nothing changed).</summary>
    internal static SchemaChanges? Changes(PreviousExport? previous, string? fingerprint, IReadOnlyList<ManifestColumn>? types)
    {
        if (previous?.PreviousSchema is not { } before || types is null || (before.Fingerprint is not null && before.Fingerprint == fingerprint))
        {
            return null;
        }

        // A v1 manifest names its columns without types: only added and removed columns can be told then.
        var old = before.Types?.ToDictionary(c => c.Name, c => (string?)c.Type, StringComparer.Ordinal)
            ?? before.Columns.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => (string?)null, StringComparer.Ordinal);
        var now = types.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var added = types.Where(c => !old.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        var removed = old.Keys.Where(n => !now.ContainsKey(n)).ToList();
        var retyped = types.Where(c => old.TryGetValue(c.Name, out var t) && t is not null && t != c.Type).Select(c => $"{c.Name}: {old[c.Name]} -> {c.Type}").ToList();
        bool moved = before.Types is not null && !before.Types.Select(c => c.Name).SequenceEqual(types.Select(c => c.Name), StringComparer.Ordinal);
        return added.Count == 0 && removed.Count == 0 && retyped.Count == 0 && !moved && before.Fingerprint is null
            ? null
            : new SchemaChanges(previous.PreviousRunId, before.Fingerprint, added, removed, retyped);
    }
}
