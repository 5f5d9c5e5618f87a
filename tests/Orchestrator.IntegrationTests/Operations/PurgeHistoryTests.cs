using System.Globalization;
using System.Net;
using Microsoft.DurableTask.Client;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>Purge removes exactly the finished instances created before the cut-off, on both backends.</summary>
[Collection(ServersCollection.Name)]
public sealed class PurgeHistoryTests(ServersFixture servers)
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Purge_CutOffBetweenCreationTimes_RemovesOnlyOlderFinishedInstances(string backend)
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new()
        {
            ["Runner:Backend"] = backend,
            ["Runner:TaskHub"] = "purge" + Guid.NewGuid().ToString("N")[..12],
            ["Operations:PurgeBatchSize"] = "2",
        });
        await using var _ = runner;
        using var __ = http;

        // Exports to a bucket that does not exist fail at once: finished instances, cheaply.
        string destination = await OperationsHttp.AddBucketlessDestinationAsync(servers, runner);
        string[] older = ["2026-11-01", "2026-11-02", "2026-11-03"];
        string[] newer = ["2026-11-04", "2026-11-05"];
        var olderIds = await StartAllAsync(http, runner, destination, older);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var cutOff = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var newerIds = await StartAllAsync(http, runner, destination, newer);

        using var response = await http.PostAsync(
            "api/runs/purge?createdBefore=" + Uri.EscapeDataString(cutOff.ToString("o", CultureInfo.InvariantCulture)), null);
        var body = await OperationsHttp.ReadAsync(response, HttpStatusCode.OK);

        Assert.Equal(older.Length, body.GetProperty("purged").GetInt32());
        Assert.True(body.GetProperty("batches").GetInt32() >= 2, body.ToString()); // batch size 2: three need two batches
        foreach (string id in olderIds)
        {
            Assert.Null(await runner.Client.GetInstanceAsync(id));

            // The run record outlives its durable history: the detail still answers, without a runtime status.
            using var detail = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id));
            var view = await OperationsHttp.ReadAsync(detail, HttpStatusCode.OK);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("runtimeStatus").ValueKind);
            Assert.Equal("Failed", view.GetProperty("record").GetProperty("status").GetString());
        }

        foreach (string id in newerIds)
        {
            Assert.NotNull(await runner.Client.GetInstanceAsync(id));
        }

        // Nothing is older than a day: the day-based form purges nothing.
        using var byDays = await http.PostAsync("api/runs/purge?olderThanDays=1", null);
        Assert.Equal(0, (await OperationsHttp.ReadAsync(byDays, HttpStatusCode.OK)).GetProperty("purged").GetInt32());
    }

    [Fact]
    public async Task Purge_RunningInstanceOlderThanCutOff_IsKept()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new()
        {
            ["Reports:SyntheticRows"] = "600000",
            ["Export:Compression"] = "None",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "1",
        });
        await using var _ = runner;
        using var __ = http;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "purgerun-" + runner.Tenant);
        string id = await OperationsHttp.StartExportAsync(http, runner.Tenant, destination.DestinationId, "2026-11-24");

        using var response = await http.PostAsync("api/runs/purge?olderThanDays=0", null);
        Assert.Equal(0, (await OperationsHttp.ReadAsync(response, HttpStatusCode.OK)).GetProperty("purged").GetInt32());
        var instance = await runner.Client.GetInstanceAsync(id);
        Assert.NotNull(instance);
        Assert.False(instance.IsCompleted);

        using var cancel = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "cancel"), null);
        await OperationsHttp.ReadAsync(cancel, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("olderThanDays=-1", "olderThanDays")]
    [InlineData("olderThanDays=ten", "olderThanDays")]
    [InlineData("olderThanDays=1&createdBefore=2026-01-01T00:00:00Z", "olderThanDays")]
    [InlineData("createdBefore=yesterday", "createdBefore")]
    [InlineData("days=3", "days")]
    public async Task Purge_BadParameter_Returns400ProblemNamingIt(string query, string field)
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;

        using var response = await http.PostAsync("api/runs/purge?" + query, null);

        await OperationsHttp.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    private static async Task<List<string>> StartAllAsync(HttpClient http, RunnerSession runner, string destination, string[] periods)
    {
        var ids = new List<string>();
        foreach (string period in periods)
        {
            string id = await OperationsHttp.StartExportAsync(http, runner.Tenant, destination, period);
            var run = await runner.WaitAsync(id, TimeSpan.FromMinutes(1));
            Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
            ids.Add(id);
        }

        return ids;
    }
}
