using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Http;

/// <summary>The HTTP routes of the local runner (the same handlers the Functions app maps), over real HTTP.</summary>
[Collection(ServersCollection.Name)]
public sealed class ExportHttpApiTests(ServersFixture servers)
{
    [Fact]
    public async Task PostExports_ValidRequestTwice_Returns202WithStatusUrlAndTheSameRun()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "20000",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "http-" + runner.Tenant);
        using var http = TestIssuer.Http(port);
        var body = new { tenant = runner.Tenant, destinationId = destination.DestinationId, report = "sessions", period = "2026-11-24" };

        using var first = await http.PostAsJsonAsync("api/exports", body);
        using var second = await http.PostAsJsonAsync("api/exports", body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstView = await first.Content.ReadFromJsonAsync<JsonElement>();
        string id = firstView.GetProperty("id").GetString()!;
        Assert.Equal($"export:{runner.Tenant}:{destination.DestinationId}:sessions:2026-11-24", id);
        Assert.Equal(firstView.GetProperty("statusUri").GetString(), first.Headers.Location!.ToString());
        Assert.EndsWith("/runs/" + id, first.Headers.Location!.OriginalString, StringComparison.Ordinal); // colons as in the id, not %3A
        Assert.Contains(second.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK });
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());

        var run = await runner.WaitAsync(id);
        using var status = await http.GetAsync(first.Headers.Location);
        var view = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("Completed", view.GetProperty("runtimeStatus").GetString());
        Assert.Equal(100, view.GetProperty("progress").GetProperty("percent").GetDouble());
        Assert.Equal(20_000, view.GetProperty("result").GetProperty("rows").GetInt64());

        using var third = await http.PostAsJsonAsync("api/exports", body);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode); // finished: the existing run, not a new one
        Assert.Equal(run.CreatedAt, (await runner.WaitAsync(id)).CreatedAt);
    }

    [Theory]
    [InlineData("""{"destinationId":"d1","report":"sessions","period":"2026-11-24"}""", "tenant")]
    [InlineData("""{"tenant":7,"destinationId":"d1","report":"sessions","period":"2026-11-24"}""", "tenant")]
    [InlineData("""{"tenant":"t1","destinationId":"d1","report":"sessions","period":"24.11.2026"}""", "period")]
    [InlineData("""{"tenant":"t1","destinationId":"../etc","report":"sessions","period":"2026-11-24"}""", "destinationId")]
    [InlineData("""{"tenant":"t1","destinationId":"d1","report":"Sessions Report","period":"2026-11-24"}""", "report")]
    [InlineData("""{"tenant":"t1","destinationId":"d1","report":"sessions","period":"2026-11-24","force":"yes"}""", "force")]
    [InlineData("""{"tenant":"t1","destinationId":"d1","report":"sessions","period":"2026-11-24","bucket":"x"}""", "bucket")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"tenant":""", "body")]
    public async Task PostExports_InvalidBody_Returns400ProblemNamingTheFieldAndStartsNothing(string json, string field)
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);

        using var response = await http.PostAsync("api/exports", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var instances = runner.Client.GetAllInstancesAsync();
        await foreach (var _ in instances)
        {
            Assert.Fail("a rejected request must not start a run");
        }
    }

    [Fact]
    public async Task PostExports_FormContentType_Returns415ProblemNamingContentType()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);

        using var response = await http.PostAsync("api/exports", new StringContent("tenant=t1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Content-Type", out _));
    }

    [Fact]
    public async Task GetRun_UnknownId_Returns404Problem()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);

        using var response = await http.GetAsync("api/runs/export%3Anobody%3Anothing%3Asessions%3A2026-11-24");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
