using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// Delete and mirror imports against radosgw and Azurite: the reserved <c>_delete</c> column (CSV and JSON Lines), the
/// delete mode, a mirror that removes the users its files no longer list (and no other source's), a mirror above
/// <c>Import:MirrorMaxDeleteShare</c> that deletes nothing and names the numbers, and a mirror rerun after a failed sweep.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DeleteMirrorImportTests(ServersFixture servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task DeleteColumnAndDeleteMode_RemoveTheListedUsersAcrossShards_CountEachOnceAndRecordIt()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "del-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "base/users.csv", Users(1, 20, "free"));
        Assert.Equal(20, (await RunAsync(runner, destination, "base/", ImportMode.Upsert)).RowsImported);

        // CSV: true and 1 delete, false keeps the row an upsert, anything else is rejected; JSON Lines: the same rules.
        await servers.PutUnderAsync(destination, "column/a.csv", "user_id,plan,_delete\nu1,,true\nu2,x,1\nu3,gold,false\nu4,bad,maybe\n");
        await servers.PutUnderAsync(destination, "column/b.jsonl", "{\"user_id\":\"u5\",\"_delete\":true}\n{\"user_id\":\"u6\",\"plan\":\"team\",\"_delete\":false}\n{\"user_id\":\"u7\",\"_delete\":1}\n");
        var column = await RunAsync(runner, destination, "column/", ImportMode.Upsert);
        Assert.Equal((4L, 2L, 1L), (column.RowsDeleted, column.RowsImported, column.RowsRejected));

        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        foreach (string gone in new[] { "u1", "u2", "u5", "u7" })
        {
            Assert.Null(await store.GetAsync(runner.Tenant, gone, None));
        }

        Assert.Equal("gold", (await store.GetAsync(runner.Tenant, "u3", None))!["plan"]);
        Assert.Equal("team", (await store.GetAsync(runner.Tenant, "u6", None))!["plan"]);
        Assert.False((await store.GetAsync(runner.Tenant, "u3", None))!.ContainsKey("_delete"));

        // Delete mode: every listed user goes, whatever else the row says; one that does not exist is not counted.
        await servers.PutUnderAsync(destination, "gone/list.jsonl", "{\"user_id\":\"u8\"}\n{\"user_id\":\"u9\",\"plan\":\"kept?\"}\n{\"user_id\":\"nobody\"}\n{\"user_id\":\"u1\"}\n");
        var deleted = await RunAsync(runner, destination, "gone/", ImportMode.Delete);
        Assert.Equal(2, deleted.RowsDeleted);
        Assert.Null(await store.GetAsync(runner.Tenant, "u8", None));
        Assert.Null(await store.GetAsync(runner.Tenant, "u9", None));

        // Idempotent: the same delete run again (forced) removes nothing more and counts nothing twice.
        var again = await RunAsync(runner, destination, "gone/", ImportMode.Delete, force: true);
        Assert.Equal(0, again.RowsDeleted);
        Assert.Equal(20 - 6, await this.CountUsersAsync(runner.Tenant));

        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, again.RunId, None))!;
        Assert.Equal(0, record.RowsDeleted);
        var columnRecord = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, column.RunId, None))!;
        Assert.Equal((4L, 2L, 1L), (columnRecord.RowsDeleted, columnRecord.Rows, columnRecord.RowsRejected));
    }

    [Fact]
    public async Task Mirror_RemovesOnlyItsSourcesUsersMissingFromTheFiles_AboveTheShareFailsNamingTheNumbersAndDeletesNothing()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var source = await runner.AddAccessKeyDestinationAsync(servers, "mir-" + runner.Tenant);
        var other = await runner.AddAccessKeyDestinationAsync(servers, "oth-" + runner.Tenant);
        await servers.PutUnderAsync(source, "full/users.csv", Users(1, 40, "free"));
        await servers.PutUnderAsync(other, "full/users.csv", Users(101, 5, "other"));
        await RunAsync(runner, source, "full/", ImportMode.Upsert);
        await RunAsync(runner, other, "full/", ImportMode.Upsert);

        // Half of the source's users missing: 20 of 40 = 50% > 10%: the run fails, names the numbers, deletes nothing.
        await servers.PutUnderAsync(source, "half/users.csv", Users(1, 20, "pro"));
        var refused = await FailAsync(runner, source, "half/", ImportMode.Mirror);
        Assert.Equal(RunStatus.Failed, refused.Status);
        Assert.Contains("would delete 20 of 40 users = 50.0% > 10.0%", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, refused.RowsDeleted);
        Assert.Equal(45, await this.CountUsersAsync(runner.Tenant));

        // Two files listing 37 of the 40 (split over a CSV and a JSON Lines file): 3 = 7.5% are removed, the other source's stay.
        await servers.PutUnderAsync(source, "mirror/a.csv", Users(1, 30, "team"));
        var jsonl = new StringBuilder();
        for (int i = 31; i <= 37; i++)
        {
            jsonl.Append("{\"user_id\":\"u").Append(i).Append("\",\"plan\":\"team\"}\n");
        }

        await servers.PutUnderAsync(source, "mirror/b.jsonl", jsonl.ToString());
        var mirror = await RunAsync(runner, source, "mirror/", ImportMode.Mirror);
        Assert.Equal(RunStatus.Succeeded, mirror.Status);
        Assert.Equal((37L, 3L), (mirror.RowsImported, mirror.RowsDeleted));
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        foreach (int i in new[] { 38, 39, 40 })
        {
            Assert.Null(await store.GetAsync(runner.Tenant, "u" + i, None));
        }

        Assert.Equal("team", (await store.GetAsync(runner.Tenant, "u37", None))!["plan"]);
        Assert.Equal("other", (await store.GetAsync(runner.Tenant, "u101", None))!["plan"]);
        Assert.False((await store.GetAsync(runner.Tenant, "u1", None))!.ContainsKey("_source"));
        Assert.Equal(37 + 5, await this.CountUsersAsync(runner.Tenant));
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, mirror.RunId, None))!;
        Assert.Equal((37L, 3L, RunStatus.Succeeded), (record.Rows, record.RowsDeleted, record.Status));
    }

    [Fact]
    public async Task Mirror_SweepFailsMidway_TheRerunOfTheSameRunCompletesWithTheRightUsers()
    {
        FailingAttributeStore? failing = null;
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?> { ["Import:AttributeShards"] = "4", ["Import:MirrorMaxDeleteShare"] = "0.5" },
            services => services.AddSingleton<IAttributeStore>(_ =>
                failing = new FailingAttributeStore(new TableAttributeStore(new TableClient(servers.StorageConnectionString, "Attributes"), 4), failOnCall: int.MaxValue)));
        var source = await runner.AddAccessKeyDestinationAsync(servers, "mrr-" + runner.Tenant);
        await servers.PutUnderAsync(source, "full/users.csv", Users(1, 60, "free"));
        await RunAsync(runner, source, "full/", ImportMode.Upsert);

        await servers.PutUnderAsync(source, "mirror/users.csv", Users(1, 40, "pro"));
        failing!.SweepsToFail = 2;
        var failed = await FailAsync(runner, source, "mirror/", ImportMode.Mirror);
        Assert.Equal(RunStatus.Failed, failed.Status);
        int left = await this.CountUsersAsync(runner.Tenant);
        Assert.True(left > 40, "two of four shard sweeps failed: some missing users are still there");

        var rerun = await RunAsync(runner, source, "mirror/", ImportMode.Mirror);
        Assert.Equal(failed.RunId, rerun.RunId);
        Assert.Equal(left - 40, rerun.RowsDeleted);
        Assert.Equal(RunStatus.Succeeded, rerun.Status);
        Assert.Equal(40, await this.CountUsersAsync(runner.Tenant));
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Null(await store.GetAsync(runner.Tenant, "u41", None));
        Assert.Equal("pro", (await store.GetAsync(runner.Tenant, "u40", None))!["plan"]);
    }

    [Fact]
    public async Task PostImports_UnknownMode_Answers400ProblemNamingModeAndStartsNothing_ADeleteModeStarts()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "mod-" + runner.Tenant);
        using var http = TestIssuer.Http(port);

        using var bad = await http.PostAsJsonAsync("api/imports", new { tenant = runner.Tenant, destinationId = destination.DestinationId, mode = "purge" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("must be upsert, delete or mirror", problem.GetProperty("errors").GetProperty("mode")[0].GetString());
        await foreach (var unused in runner.Client.GetAllInstancesAsync())
        {
            Assert.Fail("a rejected request must not start a run");
        }

        await servers.PutUnderAsync(destination, "attributes/list.csv", "user_id\nu1\n");
        using var good = await http.PostAsJsonAsync("api/imports", new { tenant = runner.Tenant, destinationId = destination.DestinationId, mode = "delete" });
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        string id = (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.EndsWith(":delete", id, StringComparison.Ordinal);
        var run = await runner.WaitAsync(id);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails}");
        Assert.Equal(ImportMode.Delete, run.ReadOutputAs<ImportResult>()!.Mode);
    }

    private static string Users(int first, int count, string plan)
    {
        var csv = new StringBuilder("user_id,plan\n");
        for (int i = first; i < first + count; i++)
        {
            csv.Append('u').Append(i).Append(',').Append(plan).Append('\n');
        }

        return csv.ToString();
    }

    private static Task<ImportResult> RunAsync(RunnerSession runner, Destination destination, string prefix, ImportMode mode, bool force = false) =>
        runner.ImportCompletedAsync(new ImportRequest(runner.Tenant, destination.DestinationId, prefix, new DateOnly(2026, 12, 5), force, mode));

    /// <summary>Runs an import that must fail; returns its run record (the failed run's account).</summary>
    private static async Task<RunRecord> FailAsync(RunnerSession runner, Destination destination, string prefix, ImportMode mode)
    {
        var run = await runner.RunImportAsync(new ImportRequest(runner.Tenant, destination.DestinationId, prefix, new DateOnly(2026, 12, 5), false, mode));
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Failed, $"{run.RuntimeStatus}: {run.SerializedOutput}");
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, run.InstanceId, None))!;
        Assert.Contains(record.Error ?? "no error recorded", run.FailureDetails?.ErrorMessage ?? string.Empty, StringComparison.Ordinal);
        return record;
    }

    private async Task<int> CountUsersAsync(string tenant)
    {
        int users = 0;
        await foreach (var unused in AttributeRows.OfTenantAsync(new TableClient(servers.StorageConnectionString, "Attributes"), tenant))
        {
            users++;
        }

        return users;
    }
}
