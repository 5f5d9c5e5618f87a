using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orchestrator.Functions;
using Orchestrator.Functions.Functions;
using Orchestrator.Runner.Hosting;
using Orchestrator.WebConsole;

namespace Orchestrator.FunctionsTests.WebConsole;

/// <summary>
/// The Functions app's console function and the runner's console endpoint, both executed in-process with their host's
/// own services: the same files, bytes, media types, caching and security headers (only the page's base address
/// differs, as each host serves it at its own path).
/// </summary>
public sealed class ConsoleFunctionTests : IDisposable
{
    private readonly IHost functions;
    private readonly WebApplication runner;

    public ConsoleFunctionTests()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Auth:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            ["Auth:Audience"] = "api://orchestrator",
        });
        builder.AddOrchestratorFunctions();
        this.functions = builder.Build();
        this.runner = RunnerHost.Build([], new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });
    }

    public static TheoryData<string> Assets => [.. ConsoleAssets.All.Keys.Where(k => k != "index.html").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Assets))]
    public async Task Run_VersionedAsset_SameBytesAndHeadersAsTheRunner(string asset)
    {
        string path = $"{ConsoleRoutes.VersionedFolder}{ConsoleAssets.Version}/{asset}";

        var fromFunctions = await this.FunctionAsync(path, null);
        var fromRunner = await this.RunnerAsync(path, null);

        Assert.Equal(200, fromFunctions.Status);
        Assert.Equal(ConsoleAssets.Find(asset)!.Content, fromFunctions.Body);
        Assert.Equal(fromRunner.Body, fromFunctions.Body);
        Assert.Equal(fromRunner.Headers, fromFunctions.Headers);
        Assert.Equal("public, max-age=31536000, immutable", fromFunctions.Headers["Cache-Control"]);
    }

    [Fact]
    public async Task Run_Page_StrictSecurityHeadersAndOnlyTheBaseDiffers()
    {
        var fromFunctions = await this.FunctionAsync(null, null);
        var fromRunner = await this.RunnerAsync(null, null);

        Assert.Equal(200, fromFunctions.Status);
        Assert.Equal("text/html; charset=utf-8", fromFunctions.Headers["Content-Type"]);
        Assert.Contains("default-src 'self'", fromFunctions.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", fromFunctions.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", fromFunctions.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", fromFunctions.Headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", fromFunctions.Headers["Referrer-Policy"]);
        string functionsPage = Encoding.UTF8.GetString(fromFunctions.Body);
        string runnerPage = Encoding.UTF8.GetString(fromRunner.Body);
        Assert.Contains($"<base href=\"{ConsoleRoutes.FunctionsBase}\">", functionsPage, StringComparison.Ordinal);
        Assert.Equal(runnerPage.Replace(ConsoleRoutes.RunnerBase, ConsoleRoutes.FunctionsBase, StringComparison.Ordinal), functionsPage);
        Assert.DoesNotContain("<script>", functionsPage, StringComparison.Ordinal); // no inline script: CSP forbids it
        Assert.Equal(
            fromRunner.Headers.Where(h => h.Key != "ETag" && h.Key != "Content-Length"),
            fromFunctions.Headers.Where(h => h.Key != "ETag" && h.Key != "Content-Length"));
    }

    [Fact]
    public async Task Run_IfNoneMatchOfTheETag_Answers304()
    {
        string path = $"{ConsoleRoutes.VersionedFolder}{ConsoleAssets.Version}/app.js";
        var first = await this.FunctionAsync(path, null);

        var second = await this.FunctionAsync(path, first.Headers["ETag"]);

        Assert.Equal(304, second.Status);
        Assert.Empty(second.Body);
    }

    [Theory]
    [InlineData("v/0000000000000000/app.js")]
    [InlineData("../appsettings.json")]
    [InlineData("nope.js")]
    public async Task Run_UnknownAsset_Answers404ProblemJson(string asset)
    {
        var answer = await this.FunctionAsync(asset, null);

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Run_Config_TokenSignInWithoutConsoleClientAndTheClaimNames()
    {
        var answer = await this.FunctionAsync(ConsoleRoutes.ConfigAsset, null);

        using var config = JsonDocument.Parse(answer.Body);
        Assert.Equal("token", config.RootElement.GetProperty("signIn").GetString());
        Assert.Equal("product_tenant", config.RootElement.GetProperty("tenantClaim").GetString());
        Assert.Equal("/api", config.RootElement.GetProperty("apiBase").GetString());
        Assert.Equal("no-store", answer.Headers["Cache-Control"]);
    }

    public void Dispose()
    {
        this.functions.Dispose();
        ((IDisposable)this.runner).Dispose();
    }

    private async Task<Answer> FunctionAsync(string? asset, string? ifNoneMatch)
    {
        var context = Context(this.functions.Services, ConsoleRoutes.FunctionsBase + asset, ifNoneMatch);
        await ConsoleFunction.Run(context.Request, asset).ExecuteAsync(context);
        return Answer.Of(context);
    }

    private async Task<Answer> RunnerAsync(string? asset, string? ifNoneMatch)
    {
        var endpoint = ((IEndpointRouteBuilder)this.runner).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == ConsoleRoutes.RunnerTemplate);
        var context = Context(this.runner.Services, ConsoleRoutes.RunnerBase + asset, ifNoneMatch);
        context.Request.RouteValues["asset"] = asset;
        await endpoint.RequestDelegate!(context);
        return Answer.Of(context);
    }

    private static DefaultHttpContext Context(IServiceProvider services, string path, string? ifNoneMatch)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed record Answer(int Status, byte[] Body, SortedDictionary<string, string> Headers)
    {
        public static Answer Of(HttpContext context)
        {
            var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in context.Response.Headers)
            {
                headers[name] = value.ToString();
            }

            if (context.Response.ContentType is { } type)
            {
                headers["Content-Type"] = type;
            }

            return new Answer(context.Response.StatusCode, ((MemoryStream)context.Response.Body).ToArray(), headers);
        }
    }
}
