using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Security;

namespace Orchestrator.Http;

/// <summary>
/// The API routes for an ASP.NET Core host (the local runner): every entry of <see cref="ApiRoutes.All"/>, mapped to its
/// handler behind <see cref="ApiGate"/>. The Functions app declares the same routes with <c>[HttpTrigger]</c> attributes built from the same table.
/// </summary>
public static class OrchestratorEndpoints
{
    public static IEndpointRouteBuilder MapOrchestratorApi(this IEndpointRouteBuilder app)
    {
        foreach (var route in ApiRoutes.All)
        {
            // The door first: the same ApiGate check the Functions app's functions run (token, role, tenant).
            app.MapMethods($"/{ApiRoutes.Prefix}/{route.Template}", [route.Method], route.Handler).WithName(route.Name)
                .AddEndpointFilter(async (context, next) =>
                    await ApiGate.CheckAsync(context.HttpContext, route, context.HttpContext.Request.RouteValues["tenant"] as string) ?? await next(context));
        }

        return app;
    }
}
