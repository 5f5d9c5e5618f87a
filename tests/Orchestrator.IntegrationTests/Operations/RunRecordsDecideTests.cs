using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Cli;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>
/// Starts are decided at the door and by the run records, on every backend: an unknown destination starts nothing, a
/// day the records show succeeded is not redone (even when the durable backend forgot it: a new in-memory runner, a
/// purge) unless forced, a failed day is run again by backfill as by the night, a purged failed run can be retried,
/// and a start answers with the same view as its status URI on the tenant route.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RunRecordsDecideTests(ServersFixture servers)
{
    [Fact]
    public async Task Export_NewInMemoryRunnerAfterTheDaySucceeded_StartsNothingUnlessForced()
    {
        string tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "2000" };
        Orchestrator.Exports.Models.ExportRequest request;
        await using (var first = await RunnerSession.StartAsync(servers, settings, tenant: tenant))
        {
            var destination = await first.AddAccessKeyDestinationAsync(servers, "redo-" + tenant);
            request = first.Request(destination);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await first.RunExportAsync(request)).RuntimeStatus);
        }

        // A new process on the in-memory backend (the CLI's default) has no memory of the run; the Runs table has.
        await using var second = await RunnerSession.StartAsync(servers, settings, tenant: tenant);
        var store = second.App.Services.GetRequiredService<IRunStore>();
        string id = $"export:{tenant}:{request.DestinationId}:sessions:2026-11-24";
        var recorded = await store.GetAsync(tenant, id, CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, recorded!.Status);

        var again = await second.Exports.StartAsync(second.Client, request, force: false, CancellationToken.None);

        Assert.Equal(RunStartStatus.Existing, again.Status);
        Assert.Null(again.Metadata);
        Assert.Equal(RunStatus.Succeeded, again.Record!.Status);
        Assert.Null(await second.Client.GetInstanceAsync(id)); // nothing was started: nothing uploaded again
        Assert.Equal(recorded.StartedAt, (await store.GetAsync(tenant, id, CancellationToken.None))!.StartedAt);

        var forced = await second.Exports.StartAsync(second.Client, request, force: true, CancellationToken.None);
        Assert.Equal(RunStartStatus.Started, forced.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await second.WaitAsync(id)).RuntimeStatus);
        Assert.True((await store.GetAsync(tenant, id, CancellationToken.None))!.StartedAt > recorded.StartedAt);
    }

    [Fact]
    public async Task CliExport_SecondProcessForASucceededDay_SaysSoAndUploadsNothingUnknownDestinationExits1()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "2000" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "cli-" + runner.Tenant);
        var settings = RunnerSession.BaseSettings(servers, Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-{runner.Tenant}.json"));
        settings["Reports:SyntheticRows"] = "2000";
        string[] export = ["export", "--tenant", runner.Tenant, "--destination", destination.DestinationId, "--report", "sessions", "--period", "2026-11-24"];
        string id = $"export:{runner.Tenant}:{destination.DestinationId}:sessions:2026-11-24";
        var store = runner.App.Services.GetRequiredService<IRunStore>();

        var (firstCode, firstOutput) = await CliProcess.RunAsync(settings, export);
        Assert.True(firstCode == 0, firstOutput);
        Assert.Contains($"Started run {id}", firstOutput, StringComparison.Ordinal);
        var recorded = (await store.GetAsync(runner.Tenant, id, CancellationToken.None))!;
        Assert.Equal(RunStatus.Succeeded, recorded.Status);

        // Each CLI process has a fresh in-memory backend: only the run records remember the day.
        var (secondCode, secondOutput) = await CliProcess.RunAsync(settings, export);
        Assert.True(secondCode == 0, secondOutput);
        Assert.Contains($"Run {id} already succeeded", secondOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Started run", secondOutput, StringComparison.Ordinal);
        Assert.Equal(recorded.StartedAt, (await store.GetAsync(runner.Tenant, id, CancellationToken.None))!.StartedAt);

        var (unknownCode, unknownOutput) = await CliProcess.RunAsync(settings, ["export", "--tenant", runner.Tenant, "--destination", "made-up", "--report", "sessions", "--period", "2026-11-24"]);
        Assert.True(unknownCode == 1, unknownOutput);
        Assert.Contains("No destination 'made-up' exists", unknownOutput, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(runner.Tenant, $"export:{runner.Tenant}:made-up:sessions:2026-11-24", CancellationToken.None));
    }

    [Fact]
    public async Task Purge_SameExportBackfillAndRetryAfterwards_RecordsDecide()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new() { ["Reports:SyntheticRows"] = "2000" });
        await using var _ = runner;
        using var __ = http;
        var good = await runner.AddAccessKeyDestinationAsync(servers, "purged-" + runner.Tenant);
        string bucketless = await OperationsHttp.AddBucketlessDestinationAsync(servers, runner);
        string done = await OperationsHttp.StartExportAsync(http, runner.Tenant, good.DestinationId, "2026-11-24");
        string failed = await OperationsHttp.StartExportAsync(http, runner.Tenant, bucketless, "2026-11-24");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(done)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await runner.WaitAsync(failed)).RuntimeStatus);
        var store = runner.App.Services.GetRequiredService<IRunStore>();
        var doneRecord = (await store.GetAsync(runner.Tenant, done, CancellationToken.None))!;

        using (var purge = await http.PostAsync("api/runs/purge?olderThanDays=0", null))
        {
            Assert.Equal(2, (await OperationsHttp.ReadAsync(purge, HttpStatusCode.OK)).GetProperty("purged").GetInt32());
        }

        // The same request: the existing (succeeded) run, nothing started.
        using (var same = await http.PostAsJsonAsync("api/exports", new { tenant = runner.Tenant, destinationId = good.DestinationId, report = "sessions", period = "2026-11-24" }))
        {
            var view = await OperationsHttp.ReadAsync(same, HttpStatusCode.OK);
            Assert.Equal(done, view.GetProperty("id").GetString());
            Assert.Equal("Succeeded", view.GetProperty("record").GetProperty("status").GetString());
        }

        // A backfill of the day: left alone.
        using (var backfill = await http.PostAsJsonAsync(
            $"api/tenants/{runner.Tenant}/destinations/{good.DestinationId}/backfill", new { from = "2026-11-24", to = "2026-11-24", reports = new[] { "sessions" } }))
        {
            var body = await OperationsHttp.ReadAsync(backfill, HttpStatusCode.Accepted);
            Assert.Equal(0, body.GetProperty("started").GetArrayLength());
            Assert.Equal([done], body.GetProperty("existing").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Null(await runner.Client.GetInstanceAsync(done));
        Assert.Equal(doneRecord.StartedAt, (await store.GetAsync(runner.Tenant, done, CancellationToken.None))!.StartedAt);

        // The purged failed run is still listed, and a retry (once its cause is fixed) runs it again from its record.
        using (var list = await http.GetAsync($"api/tenants/{runner.Tenant}/runs?status=Failed"))
        {
            var runs = (await OperationsHttp.ReadAsync(list, HttpStatusCode.OK)).GetProperty("runs");
            Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("id").GetString() == failed);
        }

        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync("nobucket-" + runner.Tenant);
        }

        using (var retry = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, failed, "retry"), null))
        {
            var view = await OperationsHttp.ReadAsync(retry, HttpStatusCode.Accepted);
            Assert.Equal(failed, view.GetProperty("id").GetString());
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(failed)).RuntimeStatus);
        Assert.Equal(RunStatus.Succeeded, (await store.GetAsync(runner.Tenant, failed, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Backfill_FailedDays_AreRunAgainLikeTheNightThenLeftAloneOnceDone()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new() { ["Reports:SyntheticRows"] = "2000" });
        await using var _ = runner;
        using var __ = http;
        string destination = await OperationsHttp.AddBucketlessDestinationAsync(servers, runner);
        string route = $"api/tenants/{runner.Tenant}/destinations/{destination}/backfill";
        var range = new { from = "2026-11-20", to = "2026-11-21", reports = new[] { "sessions" } };

        var first = await BackfillAsync(http, route, range);
        Assert.Equal(2, first.Started.Count);
        foreach (string id in first.Started)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, (await runner.WaitAsync(id)).RuntimeStatus);
        }

        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync("nobucket-" + runner.Tenant);
        }

        var second = await BackfillAsync(http, route, range);
        Assert.Equal(first.Started, second.Started); // failed days are not "done": rerun, as a night reruns them
        Assert.Empty(second.Existing);
        foreach (string id in second.Started)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(id)).RuntimeStatus);
        }

        var third = await BackfillAsync(http, route, range);
        Assert.Empty(third.Started);
        Assert.Equal(first.Started, third.Existing);
    }

    [Fact]
    public async Task PostExportsAndImports_UnknownOrAnotherTenantsDestination_Return404NamingItAndStartNothing()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;
        string other = "o" + runner.Tenant;
        var foreign = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(other, "theirs", "their-bucket", "us-east-1", null, servers.AccessKey, servers.SecretKey, roleArn: null));

        foreach (string destinationId in new[] { "made-up", foreign.DestinationId })
        {
            using (var export = await http.PostAsJsonAsync("api/exports", new { tenant = runner.Tenant, destinationId, report = "sessions", period = "2026-11-24" }))
            {
                await OperationsHttp.AssertProblemAsync(export, HttpStatusCode.NotFound, "destinationId");
                Assert.Null(export.Headers.Location);
            }

            using (var import = await http.PostAsJsonAsync("api/imports", new { tenant = runner.Tenant, destinationId }))
            {
                await OperationsHttp.AssertProblemAsync(import, HttpStatusCode.NotFound, "destinationId");
            }
        }

        await foreach (var instance in runner.Client.GetAllInstancesAsync())
        {
            Assert.Fail($"a request at a closed door started {instance.InstanceId}");
        }

        using var list = await http.GetAsync($"api/tenants/{runner.Tenant}/runs");
        Assert.Equal(0, (await OperationsHttp.ReadAsync(list, HttpStatusCode.OK)).GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task PostExports_FinishedRunRequestedAgain_AnswersTheViewItsTenantStatusUriAnswers()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new() { ["Reports:SyntheticRows"] = "2000" });
        await using var _ = runner;
        using var __ = http;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "view-" + runner.Tenant);
        var body = new { tenant = runner.Tenant, destinationId = destination.DestinationId, report = "sessions", period = "2026-11-24" };
        string id;
        using (var first = await http.PostAsJsonAsync("api/exports", body))
        {
            id = (await OperationsHttp.ReadAsync(first, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
            Assert.Equal(new Uri(http.BaseAddress!, $"api/tenants/{runner.Tenant}/runs/{id}"), first.Headers.Location); // colons kept, as the README shows
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(id)).RuntimeStatus);

        using var again = await http.PostAsJsonAsync("api/exports", body);
        var started = await OperationsHttp.ReadAsync(again, HttpStatusCode.OK);
        using var get = await http.GetAsync(again.Headers.Location);
        var read = await OperationsHttp.ReadAsync(get, HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Object, started.GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Object, started.GetProperty("result").ValueKind);
        foreach (string field in new[] { "id", "runtimeStatus", "progress", "result", "error", "statusUri", "record" })
        {
            Assert.Equal(read.GetProperty(field).GetRawText(), started.GetProperty(field).GetRawText());
        }

        // The CLI's status command reads the same tenant route; another tenant's route answers 404.
        Assert.Equal($"api/tenants/{runner.Tenant}/runs/{id}", StatusCommand.Route(id).ToString());
        using var foreign = await http.GetAsync(OperationsHttp.RunPath("someoneelse", id));
        await OperationsHttp.AssertProblemAsync(foreign, HttpStatusCode.NotFound);
    }

    private static async Task<(List<string> Started, List<string> Existing)> BackfillAsync(HttpClient http, string route, object body)
    {
        using var response = await http.PostAsJsonAsync(route, body);
        var result = await OperationsHttp.ReadAsync(response, HttpStatusCode.Accepted);
        return (
            [.. result.GetProperty("started").EnumerateArray().Select(e => e.GetString()!)],
            [.. result.GetProperty("existing").EnumerateArray().Select(e => e.GetString()!)]);
    }
}
