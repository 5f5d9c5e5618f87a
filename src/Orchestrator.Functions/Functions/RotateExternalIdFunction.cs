using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/destinations/{id}/rotate-external-id</c>: a new ExternalId for a role destination.</summary>
public sealed class RotateExternalIdFunction
{
    [Function(nameof(RotateExternalIdFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RotateExternalId)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.RotateExternalId, tenant, () =>
            DestinationApi.RotateExternalIdAsync(request, tenant, id, cancellationToken));
}
