using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// A runner killed with SIGKILL in the middle of an import on the persistent backend, then started again, finishes
/// the import with exactly the right rows: none lost, none counted twice.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ImportCrashResumeTests(ServersFixture servers)
{
    private const int Users = 120_000;

    [Fact]
    public async Task Import_RunnerKilledMidFileAndRestarted_CompletesWithExactlyTheRightRows()
    {
        string secrets = Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-import-{Guid.NewGuid():N}.json");
        var settings = RunnerSession.BaseSettings(servers, secrets);
        settings["Runner:Backend"] = "AzureStorage";
        settings["Runner:TaskHub"] = "importcrash" + Guid.NewGuid().ToString("N")[..12];
        settings["Runner:WorkItemVisibilityTimeout"] = "00:00:10";
        settings["Import:ChunkMiB"] = "1";

        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "crash-" + setup.Tenant);
        var csv = new StringBuilder("user_id,segment,score,note\n");
        for (int i = 0; i < Users; i++)
        {
            csv.Append("user-").Append(i).Append(',').Append("seg").Append(i % 5).Append(',').Append(i).Append(",\"note, ").Append(i).Append("\"\n");
        }

        using (var admin = servers.AdminS3())
        {
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, "attributes/users.csv"), InputStream = body });
        }

        var request = new { tenant = setup.Tenant, destinationId = destination.DestinationId };
        string id;
        await using (var first = await RunnerProcess.StartAsync(settings))
        {
            using var started = await first.Http.PostAsJsonAsync("api/imports", request);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await first.WaitForRunAsync(id, run => RowsImported(run) > 0, TimeSpan.FromMinutes(2));
            first.Kill();
        }

        await using var second = await RunnerProcess.StartAsync(settings);
        var finished = await second.WaitForRunAsync(id, run => run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromMinutes(4));

        Assert.True(finished.GetProperty("runtimeStatus").GetString() == "Completed", finished + "\n" + second.Output);
        var result = finished.GetProperty("result");
        Assert.Equal(Users, result.GetProperty("rowsImported").GetInt64());
        Assert.Equal(0, result.GetProperty("rowsRejected").GetInt64());
        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        long stored = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in AttributeRows.OfTenantAsync(table, setup.Tenant))
        {
            stored++;
            Assert.True(seen.Add(entity.RowKey));
            int n = int.Parse(entity.RowKey["user-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(n, entity.GetInt64("score"));
            Assert.Equal($"note, {n}", entity.GetString("note"));
        }

        Assert.Equal(Users, stored);
    }

    private static long RowsImported(JsonElement run) =>
        run.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("rowsImported", out var r) ? r.GetInt64() : 0;
}
