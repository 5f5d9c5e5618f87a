using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/destinations/{id}/backfill</c>: exports of a date range for one destination.</summary>
public sealed class BackfillDestinationFunction
{
    [Function(nameof(BackfillDestinationFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Backfill)] HttpRequest request,
        string tenant,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Backfill, tenant, () =>
            BackfillApi.StartAsync(request, tenant, id, client, cancellationToken));
}
