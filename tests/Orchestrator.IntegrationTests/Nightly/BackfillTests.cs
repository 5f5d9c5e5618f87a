using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Nightly;

/// <summary>Backfilling a date range for one destination: each day once; existing days skipped unless forced.</summary>
[Collection(ServersCollection.Name)]
public sealed class BackfillTests(ServersFixture servers)
{
    [Fact]
    public async Task Backfill_ThreeDaysTwiceThenForced_RunsEachDayOnceSkipsThenReruns()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "100",
        });
        using var http = TestIssuer.Http(port);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "backfill-" + runner.Tenant);
        await runner.App.Services.GetRequiredService<DestinationService>().UpdateAsync(
            DestinationDraft.Of(destination) with { Schedule = new Domain.DestinationSchedule(true, ["sessions"], false) }, "*", CancellationToken.None);
        string route = $"api/tenants/{runner.Tenant}/destinations/{destination.DestinationId}/backfill";
        var range = new { from = "2026-11-01", to = "2026-11-03" };

        var first = await PostAsync(http, route, range);
        foreach (var id in first.GetProperty("started").EnumerateArray())
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(id.GetString()!)).RuntimeStatus);
        }

        var second = await PostAsync(http, route, range);
        var forced = await PostAsync(http, route, new { from = "2026-11-01", to = "2026-11-03", force = true });

        Assert.Equal(
            ["export:" + runner.Tenant + ":" + destination.DestinationId + ":sessions:2026-11-01", "export:" + runner.Tenant + ":" + destination.DestinationId + ":sessions:2026-11-02", "export:" + runner.Tenant + ":" + destination.DestinationId + ":sessions:2026-11-03"],
            first.GetProperty("started").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, second.GetProperty("started").GetArrayLength());
        Assert.Equal(3, second.GetProperty("existing").GetArrayLength());
        Assert.Equal(3, forced.GetProperty("started").GetArrayLength());

        using var bad = await http.PostAsJsonAsync(route, new { from = "2026-11-03", to = "2026-11-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string route, object body)
    {
        using var response = await http.PostAsJsonAsync(route, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
