using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET|POST /api/tenants/{tenant}/destinations</c>: list or create a tenant's destinations.</summary>
public sealed class DestinationsFunction
{
    [Function(nameof(DestinationsFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = ApiRoutes.Destinations)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Destinations, tenant, () =>
            HttpMethods.IsPost(request.Method)
                ? DestinationApi.CreateAsync(request, tenant, cancellationToken)
                : DestinationApi.ListAsync(request, tenant, cancellationToken));
}
