using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/destinations/{id}/iam-policy</c>: the policies the customer pastes into AWS.</summary>
public sealed class DestinationIamPolicyFunction
{
    [Function(nameof(DestinationIamPolicyFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.IamPolicy)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.IamPolicy, tenant, () =>
            DestinationApi.IamPolicyAsync(request, tenant, id, cancellationToken));
}
