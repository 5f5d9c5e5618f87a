using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET|PUT /api/tenants/{tenant}/destinations/{id}</c>: read or update (If-Match) one destination.</summary>
public sealed class DestinationFunction
{
    [Function(nameof(DestinationFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "put", Route = ApiRoutes.Destination)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Destination, tenant, () =>
            HttpMethods.IsPut(request.Method)
                ? DestinationApi.UpdateAsync(request, tenant, id, cancellationToken)
                : DestinationApi.GetAsync(request, tenant, id, cancellationToken));
}
