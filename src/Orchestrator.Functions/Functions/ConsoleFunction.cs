using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.WebConsole;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// <c>GET /api/console/{*asset}</c>: the web console, the same embedded files and headers the runner serves at
/// <c>/console/</c>. Anonymous: the page holds no data, and every API call it makes carries the user's bearer token.
/// </summary>
public sealed class ConsoleFunction
{
    [Function(nameof(ConsoleFunction))]
    public static IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ConsoleRoutes.FunctionsTemplate)] HttpRequest request,
        string? asset) =>
        WebConsoleEndpoint.Serve(request, asset, ConsoleRoutes.FunctionsBase);
}
