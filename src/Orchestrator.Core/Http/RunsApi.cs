using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Http;

/// <summary>
/// The operators' run route shared by both hosts: any run's view, whatever its kind (exports, imports, connection
/// tests, nights). A tenant's own run routes are in <see cref="OperationsApi"/>; both answer with <see cref="RunViews"/>.
/// </summary>
public static class RunsApi
{
    /// <summary>The operators' runs route (a night's status URL points here).</summary>
    public const string RunsRoute = "api/runs";

    /// <summary>
    /// <c>GET /api/runs/{instanceId}</c> (operators: the admin key in Azure): any run's view, nights included; 404 when
    /// unknown. Tenants read their runs on <c>GET /api/tenants/{tenant}/runs/{instanceId}</c>.
    /// </summary>
    public static async Task<IResult> GetRunAsync(HttpRequest request, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (RouteValues.BadRunId(instanceId) is { } badId)
        {
            return badId;
        }

        var view = string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256
            ? null
            : await RunViews.ReadAsync(request, client, instanceId, cancellationToken);
        return view is null
            ? Problems.NotFound($"No run with id '{instanceId}' exists.")
            : Results.Json(view);
    }
}
