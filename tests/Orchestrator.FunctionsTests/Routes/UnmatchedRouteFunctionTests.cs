using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orchestrator.Functions;
using Orchestrator.Functions.Functions;

namespace Orchestrator.FunctionsTests.Routes;

/// <summary>
/// The Functions app's catch-all, executed in-process with real requests and the app's own services: an unknown path is
/// a 404 and a known path with another method a 405 with <c>Allow</c>, both problem+json, as on the runner.
/// </summary>
public sealed class UnmatchedRouteFunctionTests : IDisposable
{
    private readonly IHost host;

    public UnmatchedRouteFunctionTests()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });
        builder.AddOrchestratorFunctions();
        this.host = builder.Build();
    }

    [Fact]
    public async Task Run_UnknownPath_Answers404ProblemJsonNamingMethodAndPath()
    {
        var (status, contentType, allow, problem) = await this.CallAsync("GET", "/api/no/such/route", "no/such/route");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Null(allow);
        Assert.Equal("No API route serves GET /api/no/such/route; see the README's route table.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Run_KnownPathWithOtherMethod_Answers405WithAllow()
    {
        var (status, contentType, allow, problem) = await this.CallAsync("PATCH", "/api/tenants/acme/destinations/s3-main", "tenants/acme/destinations/s3-main");

        Assert.Equal(405, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("GET, PUT, DELETE", allow);
        Assert.Equal(405, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Run_KnownPathWithTrailingSlashAndOtherMethod_Answers405()
    {
        var (status, _, allow, _) = await this.CallAsync("DELETE", "/api/exports/", "exports/");

        Assert.Equal(405, status);
        Assert.Equal("POST", allow);
    }

    [Fact]
    public async Task Run_EmptyPathBelowPrefix_Answers404()
    {
        var (status, _, _, _) = await this.CallAsync("GET", "/api/", null);

        Assert.Equal(404, status);
    }

    public void Dispose() => this.host.Dispose();

    private async Task<(int Status, string? ContentType, string? Allow, JsonElement Problem)> CallAsync(string method, string path, string? routePath)
    {
        var context = new DefaultHttpContext { RequestServices = this.host.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;

        await UnmatchedRouteFunction.Run(context.Request, routePath).ExecuteAsync(context);

        using var document = JsonDocument.Parse(body.ToArray());
        string? allow = context.Response.Headers.Allow.Count == 0 ? null : context.Response.Headers.Allow.ToString();
        return (context.Response.StatusCode, context.Response.ContentType, allow, document.RootElement.Clone());
    }
}
