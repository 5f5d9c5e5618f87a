using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// <c>DELETE /api/tenants/{tenant}/destinations/{id}</c>: destructive, so it needs the admin key. Runs still going to
/// the destination are cancelled first (the durable client).
/// </summary>
public sealed class DeleteDestinationFunction
{
    [Function(nameof(DeleteDestinationFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = ApiRoutes.Destination)] HttpRequest request,
        string tenant,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Destination, tenant, () =>
            DestinationApi.DeleteAsync(request, tenant, id, client, cancellationToken));
}
