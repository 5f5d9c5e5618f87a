using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>
/// On the persistent (Azure Storage on Azurite) backend a run outlives the runner: kill the process mid-export
/// with SIGKILL, start a new one on the same task hub, and the run completes with the exact bytes.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PersistentBackendTests(ServersFixture servers)
{
    [Fact]
    public async Task Export_RunnerKilledMidRunAndRestarted_CompletesWithExactBytesAndNoOrphans()
    {
        string secrets = Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-persist-{Guid.NewGuid():N}.json");
        var settings = RunnerSession.BaseSettings(servers, secrets);
        settings["Runner:Backend"] = "AzureStorage";
        settings["Runner:TaskHub"] = "persist" + Guid.NewGuid().ToString("N")[..12];
        settings["Runner:WorkItemVisibilityTimeout"] = "00:00:10";
        settings["Reports:SyntheticRows"] = "900000";
        settings["Export:Compression"] = "None";
        settings["Export:PartSizeMiB"] = "8";
        settings["Export:MaxParallelParts"] = "1";

        // Register the destination through an in-process runner that shares the tables and the secrets file.
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        string bucket = "persist-" + setup.Tenant;
        var destination = await setup.AddAccessKeyDestinationAsync(servers, bucket);
        var body = new { tenant = setup.Tenant, destinationId = destination.DestinationId, report = "sessions", period = "2026-11-24" };

        string id;
        await using (var first = await RunnerProcess.StartAsync(settings))
        {
            using var started = await first.Http.PostAsJsonAsync("api/exports", body);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await first.WaitForRunAsync(id, run => PartsDone(run) >= 2, TimeSpan.FromMinutes(2));
            first.Kill();
        }

        await using var second = await RunnerProcess.StartAsync(settings);
        var finished = await second.WaitForRunAsync(id, run => run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromMinutes(3));

        Assert.True(finished.GetProperty("runtimeStatus").GetString() == "Completed", finished.ToString() + "\n" + second.Output);
        var result = finished.GetProperty("result").Deserialize<ExportResult>(RunnerSession.WebJson)!;
        using var admin = servers.AdminS3();
        var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(setup.Tenant, "sessions", new DateOnly(2026, 11, 24)), CancellationToken.None);
        Assert.True(verification.IsValid, "object, manifest and generated report must agree");
        Assert.Equal(900_000, verification.Rows);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var objects = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(2, objects.S3Objects.Count);
    }

    private static int PartsDone(JsonElement run) =>
        run.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("partsDone", out var d) ? d.GetInt32() : 0;
}
