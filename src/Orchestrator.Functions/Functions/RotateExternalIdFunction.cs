using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;

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
        DestinationApi.RotateExternalIdAsync(request, tenant, id, cancellationToken);
}
