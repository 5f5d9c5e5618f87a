using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>Exports through the local runner into radosgw, checked by reading the bucket and the run table.</summary>
[Collection(ServersCollection.Name)]
public sealed class ExportEndToEndTests(ServersFixture servers)
{
    [Theory]
    [InlineData("Gzip", "subfolder name")]
    [InlineData("None", "")]
    public async Task Export_SyntheticReport_ObjectHoldsExactlyTheGeneratedRows(string compression, string path)
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Reports:SyntheticRows"] = "250000",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "3",
            ["Export:Compression"] = compression,
        });
        string bucket = "e2e-" + compression.ToLowerInvariant() + "-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket, path);
        var request = runner.Request(destination);

        var run = await runner.RunExportAsync(request);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ExportResult>()!;
        string prefix = path.Length == 0 ? string.Empty : path + "/";
        Assert.Equal($"{prefix}sessions/2026/11/24/sessions_2026-11-24.csv{(compression == "Gzip" ? ".gz" : string.Empty)}", result.ObjectKey);
        Assert.Equal($"{prefix}sessions/2026/11/24/_manifest.json", result.ManifestKey);
        Assert.True(result.Parts >= 2, $"expected several parts, got {result.Parts}");

        using var admin = servers.AdminS3();
        var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.ChecksumMatches, "CRC32C of the stored bytes must match the manifest");
        Assert.True(verification.ContentMatches, "decompressed bytes must equal the generated report");
        Assert.Equal(250_000, verification.Rows);
        Assert.Equal(250_000, verification.Manifest.RowCount);
        Assert.Equal(SyntheticInsightsReport.Columns, verification.Manifest.Schema.Columns);
        Assert.Equal(run.InstanceId, verification.Manifest.RunId);

        var progress = JsonSerializer.Deserialize<ExportProgress>(run.SerializedCustomStatus!, RunnerSession.WebJson)!;
        Assert.Equal(ExportPhases.Completed, progress.Phase);
        Assert.Equal(100, progress.Percent);

        var table = new TableClient(servers.StorageConnectionString, "Runs");
        var record = (await table.GetEntityAsync<TableEntity>(runner.Tenant, run.InstanceId)).Value;
        Assert.Equal("Succeeded", record.GetString("Status"));
        Assert.Equal(250_000L, record.GetInt64("Rows"));
        Assert.Equal(result.Bytes, record.GetInt64("Bytes"));

        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Export_RerunOfSameDay_OverwritesSameKeysAndRequestWithoutForceReturnsExistingRun()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "20000" });
        string bucket = "rerun-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);
        var request = runner.Request(destination);

        var first = await runner.RunExportAsync(request);
        var again = await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        var second = await runner.RunExportAsync(request, force: true);

        Assert.False(again.Started);
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.True(second.CreatedAt > first.CreatedAt, "the forced rerun is a new execution");
        using var admin = servers.AdminS3();
        var listing = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(2, listing.S3Objects.Count); // the object and its manifest, nothing else
        var verification = await ExportVerifier.VerifyAsync(admin, second.ReadOutputAs<ExportResult>()!, new ReportLocator(runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.IsValid);
        Assert.Equal(second.InstanceId, verification.Manifest.RunId);
    }

    [Fact]
    public async Task Export_UploadsLeftAtTheKeyByACrashedAttempt_AreAbortedAndTheRunPublishesItsObject()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "20000" });
        string bucket = "stale-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);
        var request = runner.Request(destination);
        string key = ExpectedExportKeys.Object(destination.BucketPath, request.Report, request.Period, gzip: true);
        using var admin = servers.AdminS3();
        var left = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var stale = await admin.InitiateMultipartUploadAsync(bucket, key);
            await admin.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = stale.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[1024]) });
            left.Add(stale.UploadId);
        }

        var run = await runner.RunExportAsync(request);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var verification = await ExportVerifier.VerifyAsync(admin, run.ReadOutputAs<ExportResult>()!, new ReportLocator(runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.IsValid);
        Assert.Equal(2, left.Distinct().Count());
    }
}
