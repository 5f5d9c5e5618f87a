using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>A runner with its HTTP API on a free port, and helpers for the operations routes.</summary>
internal static class OperationsHttp
{
    public static async Task<(RunnerSession Runner, HttpClient Http)> StartAsync(ServersFixture servers, Dictionary<string, string?>? settings = null)
    {
        int port = FreePort.Next();
        settings ??= [];
        settings["Runner:ApiUrl"] = $"http://127.0.0.1:{port}";
        var runner = await RunnerSession.StartAsync(servers, settings);
        return (runner, TestIssuer.Http(port, TimeSpan.FromMinutes(3)));
    }

    /// <summary>
    /// A destination whose bucket does not exist: its exports fail at once (a permanent NoSuchBucket when the upload
    /// begins), which makes finished, failed runs cheaply. (An unknown destination no longer starts a run at all.)
    /// </summary>
    public static async Task<string> AddBucketlessDestinationAsync(ServersFixture servers, RunnerSession runner) =>
        (await runner.AddAccessKeyDestinationAsync(servers, "nobucket-" + runner.Tenant, createBucket: false)).DestinationId;

    /// <summary>A run's path as the API writes it in Location and statusUri: the id escaped as a segment, its colons kept.</summary>
    public static string RunPath(string tenant, string runId, string? action = null) =>
        $"api/tenants/{tenant}/runs/{Uri.EscapeDataString(runId).Replace("%3A", ":", StringComparison.Ordinal)}" + (action is null ? string.Empty : "/" + action);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var problem = await ReadAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        return problem;
    }

    public static async Task<JsonElement> PollAsync(HttpClient http, string tenant, string runId, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(RunPath(tenant, runId));
            var view = await ReadAsync(response, HttpStatusCode.OK);
            if (until(view))
            {
                return view;
            }

            Assert.True(clock.Elapsed < timeout, "condition not reached: " + view);
            await Task.Delay(100);
        }
    }

    public static async Task<string> StartExportAsync(HttpClient http, string tenant, string destinationId, string period)
    {
        using var response = await http.PostAsJsonAsync("api/exports", new { tenant, destinationId, report = "sessions", period });
        return (await ReadAsync(response, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
    }
}
