using System.Text;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>Reports staged as blobs (Azurite) export byte for byte through ranged blob reads.</summary>
[Collection(ServersCollection.Name)]
public sealed class BlobReportSourceTests(ServersFixture servers)
{
    [Fact]
    public async Task Export_ReportStagedAsBlob_ObjectEqualsTheBlob()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Reports:Source"] = "Blob",
            ["Reports:BlobContainer"] = "reports",
            ["Export:Compression"] = "None",
            ["Export:PartSizeMiB"] = "8",
        });
        var report = new StringBuilder("user_id,plan,\"note, quoted\"\n");
        for (int i = 0; i < 400_000; i++)
        {
            report.Append("user-").Append(i).Append(",pro,\"multi\nline ").Append(i % 7).Append("\"\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(report.ToString());
        var container = new BlobContainerClient(servers.StorageConnectionString, "reports");
        await container.CreateIfNotExistsAsync();
        var day = new DateOnly(2026, 11, 24);
        await container.GetBlobClient(BlobReportSource.BlobName(new ReportLocator(runner.Tenant, "usage", day))).UploadAsync(new BinaryData(bytes), overwrite: true);
        string bucket = "blob-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);

        var run = await runner.RunExportAsync(runner.Request(destination, report: "usage"));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ExportResult>()!;
        Assert.True(result.Parts >= 2, "the blob is read in several ranges");
        using var admin = servers.AdminS3();
        using var stored = await admin.GetObjectAsync(bucket, result.ObjectKey);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        using var manifest = await admin.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = result.ManifestKey });
        var parsed = await System.Text.Json.JsonSerializer.DeserializeAsync<ExportManifest>(manifest.ResponseStream, RunnerSession.WebJson);
        Assert.Equal(["user_id", "plan", "note, quoted"], parsed!.Schema.Columns);
        Assert.Equal(400_000, parsed.RowCount); // quoted line feeds inside fields are not records
        Assert.Equal(bytes.LongLength, parsed.UncompressedBytes);
    }
}
