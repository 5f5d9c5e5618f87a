using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/attributes/{name}/counts</c>: users per value of an attribute.</summary>
public sealed class CountAttributeValuesFunction
{
    [Function(nameof(CountAttributeValuesFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.AttributeCounts)] HttpRequest request,
        string tenant,
        string name,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.AttributeCounts, tenant, () =>
            ImportApi.CountByValueAsync(request, tenant, name, cancellationToken));
}
