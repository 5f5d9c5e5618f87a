using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Retention;

namespace Orchestrator.Http;

/// <summary><c>GET …/destinations/{id}/retention-preview</c>: what retention would delete now, and what it keeps and why.</summary>
public static class RetentionApi
{
    public static async Task<IResult> PreviewAsync(HttpRequest request, string tenant, string id, CancellationToken ct)
    {
        if (DestinationApi.BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        var services = request.HttpContext.RequestServices;
        var destination = await services.GetRequiredService<IDestinationStore>().GetAsync(tenant, id, ct);
        if (destination is null)
        {
            return DestinationApi.NotFound(id);
        }

        var plan = await services.GetRequiredService<RetentionService>().PreviewAsync(destination, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        return Results.Json(plan);
    }
}
