using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Orchestrator.Exports.Models;
using Orchestrator.S3;

namespace Orchestrator.Exports.Activities;

/// <summary>Step 5: write <c>_manifest.json</c> next to the object, last, so its presence means the object is complete.</summary>
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
        return new ExportManifest(
            Version: 1,
            Bucket: obj.Bucket,
            ObjectKey: obj.Key,
            SizeBytes: obj.Size,
            UncompressedBytes: plan.SourceLength,
            RowCount: obj.Rows,
            Compression: plan.Compression == ExportCompression.Gzip ? "gzip" : "none",
            ContentType: plan.Compression == ExportCompression.Gzip ? "application/gzip" : "text/csv",
            Checksum: new ManifestChecksum("CRC32C", Convert.ToHexStringLower(crc), obj.Crc32C),
            Schema: new ManifestSchema("csv", plan.Columns),
            Tenant: input.Request.TenantId,
            Report: input.Request.Report,
            Period: input.Request.Period,
            RunId: input.RunId,
            GeneratedAt: input.GeneratedAt,
            Parts: plan.PartCount);
    }
}
