using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>Listing a tenant's runs: newest first, filters, paging, and problem+json for every bad request.</summary>
[Collection(ServersCollection.Name)]
public sealed class RunListTests(ServersFixture servers)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task List_SeededRuns_NewestFirstFilteredAndPaged()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;
        var store = runner.App.Services.GetRequiredService<IRunStore>();

        // Run ids in an order unrelated to time, so RowKey order is not newest-first.
        var seeded = new[]
        {
            Record(runner.Tenant, "export:{0}:d1:sessions:a", "export", "d1", RunStatus.Succeeded, T0.AddHours(1)),
            Record(runner.Tenant, "export:{0}:d2:sessions:b", "export", "d2", RunStatus.Failed, T0.AddHours(5)),
            Record(runner.Tenant, "import:{0}:d1:attributes:c", "import", "d1", RunStatus.Succeeded, T0.AddHours(3)),
            Record(runner.Tenant, "export:{0}:d1:sessions:d", "export", "d1", RunStatus.Running, T0.AddHours(4)),
            Record(runner.Tenant, "export:{0}:d1:sessions:e", "export", "d1", RunStatus.Succeeded, T0.AddHours(2)),
        };
        foreach (var record in seeded)
        {
            await store.UpsertAsync(record, CancellationToken.None);
        }

        await store.UpsertAsync(Record("someoneelse", "export:someoneelse:d1:sessions:x", "export", "d1", RunStatus.Succeeded, T0.AddHours(9)), CancellationToken.None);
        var newestFirst = seeded.OrderByDescending(r => r.StartedAt).Select(r => r.RunId).ToList();

        // Pages of two, following the continuation, give every run once, newest first.
        var listed = new List<string>();
        string? next = $"api/tenants/{runner.Tenant}/runs?pageSize=2";
        int pages = 0;
        while (next is not null)
        {
            using var response = await http.GetAsync(next);
            var page = await OperationsHttp.ReadAsync(response, HttpStatusCode.OK);
            listed.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            next = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
            pages++;
        }

        Assert.Equal(newestFirst, listed);
        Assert.Equal(3, pages);

        Assert.Equal(
            seeded.Where(r => r.Kind == "export" && r.DestinationId == "d1").OrderByDescending(r => r.StartedAt).Select(r => r.RunId),
            await IdsAsync(http, $"api/tenants/{runner.Tenant}/runs?kind=export&destination=d1"));
        Assert.Equal([seeded[1].RunId], await IdsAsync(http, $"api/tenants/{runner.Tenant}/runs?status=failed"));
        Assert.Equal(
            [seeded[3].RunId, seeded[2].RunId, seeded[4].RunId],
            await IdsAsync(http, $"api/tenants/{runner.Tenant}/runs?from=2026-11-20T04:00:00Z&to=2026-11-20T07:00:00Z"));
        Assert.Empty(await IdsAsync(http, $"api/tenants/{runner.Tenant}/runs?from=2026-11-21"));

        using var item = await http.GetAsync($"api/tenants/{runner.Tenant}/runs?pageSize=1");
        var first = (await OperationsHttp.ReadAsync(item, HttpStatusCode.OK)).GetProperty("runs")[0];
        Assert.Equal("Failed", first.GetProperty("status").GetString());
        Assert.Equal("d2", first.GetProperty("destinationId").GetString());
        Assert.EndsWith($"/api/tenants/{runner.Tenant}/runs/{seeded[1].RunId}", first.GetProperty("detailUri").GetString(), StringComparison.Ordinal); // colons kept
    }

    [Theory]
    [InlineData("kind=backup", "kind")]
    [InlineData("status=paused", "status")]
    [InlineData("status=1", "status")]
    [InlineData("from=last-week", "from")]
    [InlineData("from=2026-11-21&to=2026-11-20", "to")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("continuation=not-a-token", "continuation")]
    [InlineData("destination=../x", "destination")]
    [InlineData("kind=export&kind=import", "kind")]
    [InlineData("colour=blue", "colour")]
    public async Task List_BadParameter_Returns400ProblemNamingIt(string query, string field)
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;

        using var response = await http.GetAsync($"api/tenants/{runner.Tenant}/runs?{query}");

        await OperationsHttp.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Operations_UnknownOrForeignRun_Return404ProblemAndBadTenant400()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;
        string unknown = $"export:{runner.Tenant}:d1:sessions:2026-11-24";
        string foreign = "export:someoneelse:d1:sessions:2026-11-24";

        foreach (string id in new[] { unknown, foreign })
        {
            using (var get = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id)))
            {
                await OperationsHttp.AssertProblemAsync(get, HttpStatusCode.NotFound);
            }

            using (var cancel = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "cancel"), null))
            {
                await OperationsHttp.AssertProblemAsync(cancel, HttpStatusCode.NotFound);
            }

            using (var retry = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "retry"), null))
            {
                await OperationsHttp.AssertProblemAsync(retry, HttpStatusCode.NotFound);
            }
        }

        using var list = await http.GetAsync("api/tenants/bad%20tenant/runs");
        await OperationsHttp.AssertProblemAsync(list, HttpStatusCode.BadRequest, "tenant");
    }

    [Fact]
    public async Task Detail_FailedRun_HasRecordAndTimelineOnPersistentBackend()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new()
        {
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = "detail" + Guid.NewGuid().ToString("N")[..12],
        });
        await using var _ = runner;
        using var __ = http;
        string id = await OperationsHttp.StartExportAsync(http, runner.Tenant, await OperationsHttp.AddBucketlessDestinationAsync(servers, runner), "2026-11-24");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await runner.WaitAsync(id)).RuntimeStatus);

        using var response = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id));
        var view = await OperationsHttp.ReadAsync(response, HttpStatusCode.OK);

        Assert.Equal("Failed", view.GetProperty("record").GetProperty("status").GetString());
        var timeline = view.GetProperty("timeline");
        Assert.Equal("backend", timeline.GetProperty("source").GetString());
        var steps = timeline.GetProperty("entries").EnumerateArray().ToList();
        var validate = Assert.Single(steps, s => s.GetProperty("step").GetString() == "BeginExportActivity");
        Assert.Equal("failed", validate.GetProperty("status").GetString());
        Assert.Equal(1, validate.GetProperty("attempts").GetInt32()); // permanent: not retried
        Assert.Contains("does not exist", validate.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(steps, s => s.GetProperty("step").GetString() == "RecordRunActivity" && s.GetProperty("status").GetString() == "completed");
        var own = Assert.Single(steps, s => s.GetProperty("kind").GetString() == "orchestration"); // started, then ended: one step
        Assert.Equal("failed", own.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, own.GetProperty("finishedAt").ValueKind);
        Assert.Contains("does not exist", own.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(steps, s => s.GetProperty("status").GetString() == "scheduled");
        var summary = timeline.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "RecordRunActivity");
        Assert.Equal(2, summary.GetProperty("calls").GetInt32()); // Running, then Failed
    }

    private static async Task<List<string>> IdsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var page = await OperationsHttp.ReadAsync(response, HttpStatusCode.OK);
        return [.. page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    private static RunRecord Record(string tenant, string idFormat, string kind, string destination, RunStatus status, DateTimeOffset startedAt) => new()
    {
        TenantId = tenant,
        RunId = string.Format(System.Globalization.CultureInfo.InvariantCulture, idFormat, tenant),
        Kind = kind,
        DestinationId = destination,
        Report = "sessions",
        Period = DateOnly.FromDateTime(startedAt.UtcDateTime),
        Status = status,
        StartedAt = startedAt,
        FinishedAt = status == RunStatus.Running ? null : startedAt.AddMinutes(5),
    };
}
