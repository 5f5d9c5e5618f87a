using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Security;

/// <summary>
/// The runner's exposure rules: loopback unless an external authority is configured; dev mode (no
/// <c>Auth:Authority</c>) serves the built-in local issuer whose tokens <c>orchestrator token</c> prints; POST bodies
/// must be JSON (415); only allowed Host headers are answered.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RunnerExposureTests(ServersFixture servers)
{
    [Fact]
    public void Build_NonLoopbackWithoutAuthority_IsRefusedNamingAuthAuthority()
    {
        var settings = RunnerSession.BaseSettings(servers, RunnerSession.SecretsFile("exposure"));
        settings["Auth:Authority"] = string.Empty;
        settings["Runner:ApiUrl"] = $"http://0.0.0.0:{FreePort.Next()}";

        var error = Assert.Throws<InvalidOperationException>(() => RunnerHost.Build([], settings));

        Assert.Contains("Auth:Authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_NonLoopbackWithExternalAuthority_Builds()
    {
        var settings = RunnerSession.BaseSettings(servers, RunnerSession.SecretsFile("exposure"));
        settings["Runner:ApiUrl"] = $"http://0.0.0.0:{FreePort.Next()}";

        await using var app = RunnerHost.Build([], settings);

        Assert.NotNull(app);
    }

    [Fact]
    public async Task DevMode_TokenCommand_PrintsTokensTheRunnerAcceptsWithTheirRole()
    {
        int port = FreePort.Next();
        string folder = Path.Combine(Path.GetTempPath(), "orchestrator-issuer-" + Guid.NewGuid().ToString("N")[..8]);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Runner:LocalIssuerFolder"] = folder,
            ["Auth:Authority"] = string.Empty,
            ["Logging:LogLevel:Orchestrator"] = "Information",
        });
        Assert.Contains(runner.Logs.Lines, l => l.Contains("Dev mode", StringComparison.Ordinal));
        var cli = new Dictionary<string, string?> { ["Runner:LocalIssuerFolder"] = folder };
        string server = $"http://127.0.0.1:{port}";

        var (exitCode, output) = await CliProcess.RunAsync(cli, ["token", "--server", server, "--tenant", runner.Tenant, "--role", "reader"]);
        Assert.True(exitCode == 0, output);
        string token = output.Trim();

        using var http = new HttpClient { BaseAddress = new Uri(server + "/") };
        using (var anonymous = await http.GetAsync($"api/tenants/{runner.Tenant}/destinations"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var list = await http.GetAsync($"api/tenants/{runner.Tenant}/destinations"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using var create = await http.PostAsync($"api/tenants/{runner.Tenant}/destinations", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        using var other = await http.GetAsync("api/tenants/someone-else/destinations");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Post_NonJsonContentTypeOnABodilessRoute_Is415ProblemNamingContentType()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);

        using var response = await http.PostAsync(
            $"api/tenants/{runner.Tenant}/runs/export:{runner.Tenant}:d:sessions:2026-11-24/cancel",
            new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("Content-Type", out _), problem.ToString());
    }

    [Fact]
    public async Task Request_ForeignHostHeader_IsRefused()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/tenants/{runner.Tenant}/destinations");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Runner:AllowedHosts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
