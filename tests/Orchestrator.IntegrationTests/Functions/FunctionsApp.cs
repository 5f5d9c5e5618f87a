using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Functions;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests.Functions;

/// <summary>
/// The Functions app's classes in this process: its services come from the app's own registration
/// (<see cref="FunctionsAppBuilderExtensions.AddOrchestratorFunctions"/>) over the fixture's Azurite, radosgw and a
/// secrets file; the durable client is a local runner's, whose worker runs the shared orchestrations for real. Requests
/// are real <see cref="HttpRequest"/>s; the Functions host's own routing and keys are not part of it (see
/// docs/architecture.md).
/// </summary>
public sealed class FunctionsApp : IAsyncDisposable
{
    private readonly IHost host;

    private FunctionsApp(IHost host, RunnerSession runner, CapturingLoggerProvider logs)
    {
        this.host = host;
        this.Runner = runner;
        this.Logs = logs;
    }

    /// <summary>The runner whose durable client the functions are given (its worker executes the runs).</summary>
    public RunnerSession Runner { get; }

    public string Tenant => this.Runner.Tenant;

    public DurableTaskClient Client => this.Runner.Client;

    public IServiceProvider Services => this.host.Services;

    /// <summary>What the Functions app logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>
    /// Starts a runner and builds the Functions app on the same stores: tables of their own (so a night sees only this
    /// test's destinations) and one secrets file. <paramref name="time"/> replaces the app's clock.
    /// </summary>
    public static async Task<FunctionsApp> StartAsync(ServersFixture servers, TimeProvider? time = null, IDictionary<string, string?>? extra = null)
    {
        string suffix = Guid.NewGuid().ToString("N")[..10];
        var settings = RunnerSession.BaseSettings(servers, RunnerSession.SecretsFile("functions-" + suffix));
        settings["Storage:DestinationsTable"] = "FnDestinations" + suffix;
        settings["Storage:RunsTable"] = "FnRuns" + suffix;
        settings["Reports:SyntheticRows"] = "5000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var runner = await RunnerSession.StartAsync(servers, settings);
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.AddOrchestratorFunctions();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        return new FunctionsApp(builder.Build(), runner, logs);
    }

    /// <summary>A real request as the Functions ASP.NET Core integration hands it to a function: method, path below <c>/api</c>, query, JSON body, headers.</summary>
    public HttpRequest Request(string method, string path, object? json = null, string? query = null, IDictionary<string, string>? headers = null)
    {
        // A service scope per request, as the Functions host gives each invocation (the authentication handlers are
        // scoped and remember their result for the request).
        var context = new DefaultHttpContext { RequestServices = this.host.Services.CreateScope().ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("orchestrator.example.net");
        context.Request.Path = "/api/" + path;
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString("?" + query);
        if (json is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json as string ?? JsonSerializer.Serialize(json, RunnerSession.WebJson));
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        // The caller: an operator's token of the tests' issuer, unless the test sends its own Authorization (or none: "").
        context.Request.Headers.Authorization = "Bearer " + TestIssuer.OperatorToken();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            context.Request.Headers.Remove("Authorization");
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Executes the function's result on its request's context, as the host would, and reads what was written.</summary>
    public static async Task<FunctionResponse> ExecuteAsync(HttpRequest request, Task<IResult> function)
    {
        var result = await function;
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        var body = (MemoryStream)context.Response.Body;
        var json = body.Length == 0 ? default : JsonDocument.Parse(body.ToArray()).RootElement.Clone();
        return new FunctionResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, json);
    }

    public async ValueTask DisposeAsync()
    {
        this.host.Dispose();
        await this.Runner.DisposeAsync();
    }
}
