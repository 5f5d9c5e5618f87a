using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The invariants checked after every reliability scenario, whatever was injected: no multipart upload is left in
/// the bucket; a finished export's object matches its manifest and a fresh generation of the report byte for byte;
/// the run record in the Runs table agrees with the orchestration and with what is in the bucket; a failed export
/// leaves neither a manifest nor an object behind and records the reason; after the persistent-backend scenarios,
/// no secret is in the durable history, the tables, blobs, queues or logs (<see cref="AssertNoSecretsAsync"/>).
/// </summary>
internal static class ScenarioInvariants
{
    /// <summary>Checks an export scenario; returns the verification of the object when the run completed.</summary>
    public static Task<VerificationResult?> AssertExportAsync(
        ServersFixture servers, RunnerSession runner, Destination destination, ExportRequest request, OrchestrationMetadata run,
        ExportCompression compression, long? expectedRows)
    {
        Assert.Equal(runner.Tenant, request.TenantId);
        return AssertExportAsync(servers, destination, request, run, compression, expectedRows);
    }

    /// <summary>The same for a run of any tenant (the request names it), e.g. one of many tenants of a load scenario.</summary>
    public static Task<VerificationResult?> AssertExportAsync(
        ServersFixture servers, Destination destination, ExportRequest request, OrchestrationMetadata run,
        ExportCompression compression, long? expectedRows)
    {
        Assert.True(
            run.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed,
            $"the run must have finished: {run.RuntimeStatus}");
        var result = run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? run.ReadOutputAs<ExportResult>()! : null;
        return AssertExportAsync(servers, servers.StorageConnectionString, destination, request, run.InstanceId, result, compression, expectedRows);
    }

    /// <summary>
    /// Checks an export scenario whose run record is in <paramref name="storage"/>: <paramref name="result"/> is the
    /// run's output when it completed, null when it failed. Returns the verification of the object when it completed.
    /// </summary>
    public static async Task<VerificationResult?> AssertExportAsync(
        ServersFixture servers, string storage, Destination destination, ExportRequest request, string runId, ExportResult? result,
        ExportCompression compression, long? expectedRows)
    {
        using var admin = servers.AdminS3();
        await AssertNoMultipartUploadsAsync(servers, destination.Bucket);
        var record = await RunRecordAsync(storage, request.TenantId, runId);
        string objectKey = ExpectedExportKeys.Object(destination.BucketPath, request.Report, request.Period, compression == ExportCompression.Gzip);
        string manifestKey = ExpectedExportKeys.Manifest(destination.BucketPath, request.Report, request.Period);

        if (result is not null)
        {
            Assert.Equal(objectKey, result.ObjectKey);
            Assert.Equal(manifestKey, result.ManifestKey);
            var verification = await ExportVerifier.VerifyAsync(
                admin, result, new ReportLocator(request.TenantId, request.Report, request.Period), CancellationToken.None);
            Assert.True(verification.IsValid, $"object, manifest and regenerated report disagree: {verification}");
            Assert.Equal(ReferenceCrc32C.Base64(await StoredBytesAsync(admin, destination.Bucket, objectKey)), verification.Manifest.Checksum.Base64);
            Assert.Equal(true, verification.ContentMatches);
            if (expectedRows is { } rows)
            {
                Assert.Equal(rows, verification.Rows);
            }

            Assert.Equal(runId, verification.Manifest.RunId);
            Assert.Equal(result.Bytes, verification.StoredBytes);
            Assert.Equal("Succeeded", record.GetString("Status"));
            Assert.Equal(verification.StoredBytes, record.GetInt64("Bytes"));
            Assert.Equal(verification.Rows, record.GetInt64("Rows"));
            Assert.Equal(result.Parts, record.GetInt32("Parts"));
            Assert.Equal(objectKey, record.GetString("ObjectKey"));

            var listing = await admin.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = destination.Bucket,
                Prefix = ExpectedExportKeys.Folder(destination.BucketPath, request.Report, request.Period) + "/",
            });
            Assert.Equal(
                new[] { manifestKey, objectKey }.Order(StringComparer.Ordinal),
                (listing.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal));
            return verification;
        }

        Assert.Equal("Failed", record.GetString("Status"));
        Assert.False(string.IsNullOrWhiteSpace(record.GetString("Error")), "a failed run must record its reason");
        Assert.False(await ExistsAsync(admin, destination.Bucket, manifestKey), "a failed run must not leave a manifest");
        Assert.False(await ExistsAsync(admin, destination.Bucket, objectKey), "a failed run must not leave an object");
        return null;
    }

    /// <summary>Checks an import scenario's run record against its result.</summary>
    public static Task AssertImportAsync(ServersFixture servers, string tenant, string bucket, OrchestrationMetadata run, ImportResult result) =>
        AssertImportAsync(servers, servers.StorageConnectionString, tenant, bucket, run.InstanceId, result);

    /// <summary>Checks an import scenario's run record (in <paramref name="storage"/>) against its result.</summary>
    public static async Task AssertImportAsync(ServersFixture servers, string storage, string tenant, string bucket, string runId, ImportResult result)
    {
        await AssertNoMultipartUploadsAsync(servers, bucket);
        var record = await RunRecordAsync(storage, tenant, runId);
        Assert.Equal("Succeeded", record.GetString("Status"));
        Assert.Equal(result.RowsImported, record.GetInt64("Rows"));
        Assert.Equal(result.RowsRejected, record.GetInt64("RowsRejected"));
        Assert.Equal(result.FilesImported, record.GetInt32("FilesImported"));
    }

    /// <summary>
    /// Scans the storage (the scenario's task hub and tenant, or all of it) and the scenario's own texts (logs,
    /// responses) for the secrets the run handled; returns how many places were read.
    /// </summary>
    public static async Task<int> AssertNoSecretsAsync(
        string storage, ScanScope? scope, IEnumerable<(string What, string Value)> secrets, IEnumerable<(string Where, string Text)> texts)
    {
        var haystacks = new List<(string Where, string Text)>(texts);
        haystacks.AddRange(await SecretScan.ReadStorageAsync(storage, scope));
        if (scope is not null)
        {
            // The durable history itself was read, not an empty selection.
            Assert.Contains(haystacks, h => h.Where.StartsWith("table " + scope.TaskHub, StringComparison.OrdinalIgnoreCase) && h.Text.Length > 0);
        }

        SecretScan.AssertNoSecrets(secrets, haystacks);
        return haystacks.Count;
    }

    /// <summary>
    /// The same scan for a scenario on the in-memory backend, whose durable history lives in the runner: every
    /// orchestration's input, output, custom status and failure as the client reads them, the tenant's rows of every
    /// table, and every line the runner logged. Returns how many places were read.
    /// </summary>
    public static async Task<int> AssertNoSecretsAsync(
        ServersFixture servers, RunnerSession runner, IReadOnlyCollection<string>? tenants = null, IEnumerable<(string What, string Value)>? secrets = null)
    {
        var haystacks = new List<(string Where, string Text)> { ("logs", string.Join('\n', runner.Logs.Lines)) };
        await foreach (var instance in runner.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            haystacks.Add(($"orchestration {instance.InstanceId}", string.Join('\n', instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus, instance.FailureDetails?.ToString())));
        }

        Assert.Contains(haystacks, h => h.Where.StartsWith("orchestration ", StringComparison.Ordinal));
        foreach (string tenant in tenants ?? [runner.Tenant])
        {
            haystacks.AddRange(await SecretScan.ReadStorageAsync(servers.StorageConnectionString, new ScanScope(TaskHub: "no-task-hub-in-storage", Tenant: tenant)));
        }

        SecretScan.AssertNoSecrets(secrets ?? [("secret key", servers.SecretKey)], haystacks);
        return haystacks.Count;
    }

    public static async Task AssertNoMultipartUploadsAsync(ServersFixture servers, string bucket)
    {
        using var admin = servers.AdminS3();
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.True((uploads.MultipartUploads ?? []).Count == 0, $"multipart uploads left in {bucket}: {string.Join(", ", (uploads.MultipartUploads ?? []).Select(u => u.Key))}");
    }

    public static Task<TableEntity> RunRecordAsync(ServersFixture servers, string tenant, string runId) =>
        RunRecordAsync(servers.StorageConnectionString, tenant, runId);

    public static async Task<TableEntity> RunRecordAsync(string storage, string tenant, string runId)
    {
        var table = new TableClient(storage, "Runs");
        var record = await table.GetEntityIfExistsAsync<TableEntity>(tenant, runId);
        Assert.True(record.HasValue, $"no run record for {runId}");
        return record.Value!;
    }

    /// <summary>The object's bytes as stored (compressed when the export is).</summary>
    private static async Task<byte[]> StoredBytesAsync(Amazon.S3.AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private static async Task<bool> ExistsAsync(Amazon.S3.AmazonS3Client s3, string bucket, string key)
    {
        try
        {
            await s3.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
