using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Http;

/// <summary>
/// The API routes for an ASP.NET Core host (the local runner). The Functions app declares the same routes with
/// <c>[HttpTrigger]</c> attributes and calls the same handlers.
/// </summary>
public static class OrchestratorEndpoints
{
    public static IEndpointRouteBuilder MapOrchestratorApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/exports", (HttpRequest r, DurableTaskClient c, CancellationToken ct) => ExportApi.StartExportAsync(r, c, ct));
        app.MapGet("/api/runs/{instanceId}", (HttpRequest r, string instanceId, DurableTaskClient c, CancellationToken ct) => RunsApi.GetRunAsync(r, instanceId, c, ct));
        app.MapGet("/api/tenants/{tenant}/runs/{instanceId}", (HttpRequest r, string tenant, string instanceId, DurableTaskClient c, CancellationToken ct) => OperationsApi.GetRunDetailAsync(r, tenant, instanceId, c, ct));
        app.MapGet("/api/tenants/{tenant}/runs", (HttpRequest r, string tenant, CancellationToken ct) => OperationsApi.ListRunsAsync(r, tenant, ct));
        app.MapPost("/api/tenants/{tenant}/runs/{instanceId}/cancel", (HttpRequest r, string tenant, string instanceId, DurableTaskClient c, CancellationToken ct) => OperationsApi.CancelRunAsync(r, tenant, instanceId, c, ct));
        app.MapPost("/api/tenants/{tenant}/runs/{instanceId}/retry", (HttpRequest r, string tenant, string instanceId, DurableTaskClient c, CancellationToken ct) => OperationsApi.RetryRunAsync(r, tenant, instanceId, c, ct));
        app.MapPost("/api/runs/purge", (HttpRequest r, DurableTaskClient c, CancellationToken ct) => OperationsApi.PurgeHistoryAsync(r, c, ct));

        app.MapGet("/api/nights/{day}", (HttpRequest r, string day, CancellationToken ct) => NightApi.GetAsync(r, day, ct));
        app.MapPost("/api/nights/{day}", (HttpRequest r, string day, DurableTaskClient c, CancellationToken ct) => NightApi.StartAsync(r, day, c, ct));
        app.MapPost("/api/imports", (HttpRequest r, DurableTaskClient c, CancellationToken ct) => ImportApi.StartImportAsync(r, c, ct));
        app.MapGet("/api/tenants/{tenant}/users/{userId}/attributes", (HttpRequest r, string tenant, string userId, CancellationToken ct) => ImportApi.GetUserAttributesAsync(r, tenant, userId, ct));
        app.MapGet("/api/tenants/{tenant}/attributes/{name}/counts", (HttpRequest r, string tenant, string name, CancellationToken ct) => ImportApi.CountByValueAsync(r, tenant, name, ct));

        const string Destinations = "/api/tenants/{tenant}/destinations";
        app.MapGet(Destinations, (HttpRequest r, string tenant, CancellationToken ct) => DestinationApi.ListAsync(r, tenant, ct));
        app.MapPost(Destinations, (HttpRequest r, string tenant, CancellationToken ct) => DestinationApi.CreateAsync(r, tenant, ct));
        app.MapGet(Destinations + "/{id}", (HttpRequest r, string tenant, string id, CancellationToken ct) => DestinationApi.GetAsync(r, tenant, id, ct));
        app.MapPut(Destinations + "/{id}", (HttpRequest r, string tenant, string id, CancellationToken ct) => DestinationApi.UpdateAsync(r, tenant, id, ct));
        app.MapDelete(Destinations + "/{id}", (HttpRequest r, string tenant, string id, DurableTaskClient c, CancellationToken ct) => DestinationApi.DeleteAsync(r, tenant, id, c, ct));
        app.MapPost(Destinations + "/{id}/validate", (HttpRequest r, string tenant, string id, DurableTaskClient c, CancellationToken ct) => DestinationApi.ValidateAsync(r, tenant, id, c, ct));
        app.MapGet(Destinations + "/{id}/iam-policy", (HttpRequest r, string tenant, string id, CancellationToken ct) => DestinationApi.IamPolicyAsync(r, tenant, id, ct));
        app.MapPost(Destinations + "/{id}/backfill", (HttpRequest r, string tenant, string id, DurableTaskClient c, CancellationToken ct) => BackfillApi.StartAsync(r, tenant, id, c, ct));
        app.MapPost(Destinations + "/{id}/rotate-external-id", (HttpRequest r, string tenant, string id, CancellationToken ct) => DestinationApi.RotateExternalIdAsync(r, tenant, id, ct));
        return app;
    }
}
