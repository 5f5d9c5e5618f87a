using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.WebConsole;

namespace Orchestrator.Runner.Hosting;

/// <summary>The runner's routes of the web console: the page at <c>/</c> and the console's files at <c>/console/…</c>, served by <see cref="WebConsoleEndpoint"/>.</summary>
internal static class WebConsoleMapping
{
    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpRequest request) => WebConsoleEndpoint.Serve(request, null, ConsoleRoutes.RunnerBase));
        app.MapGet(ConsoleRoutes.RunnerTemplate, (HttpRequest request, string? asset) => WebConsoleEndpoint.Serve(request, asset, ConsoleRoutes.RunnerBase));
        return app;
    }
}
