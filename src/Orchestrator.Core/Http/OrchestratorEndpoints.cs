using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Orchestrator.Http;

/// <summary>
/// The API routes for an ASP.NET Core host (the local runner): every entry of <see cref="ApiRoutes.All"/>, mapped to its
/// handler. The Functions app declares the same routes with <c>[HttpTrigger]</c> attributes built from the same table.
/// </summary>
public static class OrchestratorEndpoints
{
    public static IEndpointRouteBuilder MapOrchestratorApi(this IEndpointRouteBuilder app)
    {
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods($"/{ApiRoutes.Prefix}/{route.Template}", [route.Method], route.Handler).WithName(route.Name);
        }

        return app;
    }
}
