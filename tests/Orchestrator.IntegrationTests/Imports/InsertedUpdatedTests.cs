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
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// How many users an import inserted and updated, against radosgw and Azurite: in the result, the run record and the
/// runs API; the store's insert id stays out of every read.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class InsertedUpdatedTests(ServersFixture servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Import_NewUsersThenHalfOfThemAgainHalfNew_InsertedAndUpdatedExactInResultRecordAndApi()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "ins-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "first/users.csv", Users(0, 250));

        var first = await RunAsync(runner, destination, "first/");
        Assert.Equal((250L, 250L, 0L), (first.RowsImported, first.RowsInserted, first.RowsUpdated));

        // u125..u374 (125 known, 125 new) as CSV, and u400 twice as JSON Lines: created once, then updated.
        await servers.PutUnderAsync(destination, "second/a.csv", Users(125, 250));
        await servers.PutUnderAsync(destination, "second/b.jsonl", "{\"user_id\":\"u400\",\"plan\":\"free\"}\n{\"user_id\":\"u400\",\"plan\":\"pro\"}\n");
        var second = await RunAsync(runner, destination, "second/");
        Assert.Equal((252L, 126L, 126L), (second.RowsImported, second.RowsInserted, second.RowsUpdated));

        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, second.RunId, None))!;
        Assert.Equal((252L, 126L, 126L), (record.Rows, record.RowsInserted, record.RowsUpdated));
        using var http = TestIssuer.Http(port);
        var view = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/runs/{Uri.EscapeDataString(second.RunId)}");
        Assert.Equal(126, view.GetProperty("record").GetProperty("rowsInserted").GetInt64());
        Assert.Equal(126, view.GetProperty("record").GetProperty("rowsUpdated").GetInt64());
        Assert.Equal(126, view.GetProperty("result").GetProperty("rowsInserted").GetInt64());

        // The insert id is on the stored row (it is what makes a retry count right) and never in what readers see.
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        var u400 = (await store.GetAsync(runner.Tenant, "u400", None))!;
        Assert.Equal("pro", u400["plan"]);
        Assert.DoesNotContain(AttributeColumns.InsertName, u400.Keys);
        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        var raw = (await table.GetEntityAsync<TableEntity>(AttributeShards.PartitionKeyOf(runner.Tenant, "u400", store.ShardCount), UserKeys.ToRowKey("u400"), cancellationToken: None)).Value;
        Assert.False(string.IsNullOrEmpty(raw.GetString(AttributeColumns.InsertName)));
        var counts = await store.CountByValueAsync(runner.Tenant, AttributeColumns.InsertName, None);
        Assert.Empty(counts);
    }

    private static string Users(int first, int count)
    {
        var csv = new StringBuilder("user_id,plan\n");
        for (int i = first; i < first + count; i++)
        {
            csv.Append('u').Append(i).Append(",gold\n");
        }

        return csv.ToString();
    }

    private static Task<ImportResult> RunAsync(RunnerSession runner, Destination destination, string prefix) =>
        runner.ImportCompletedAsync(new ImportRequest(runner.Tenant, destination.DestinationId, prefix, new DateOnly(2026, 12, 6), Force: false));
}
