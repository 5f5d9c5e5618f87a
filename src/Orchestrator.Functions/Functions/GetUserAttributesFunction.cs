using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/users/{userId}/attributes</c>: a user's attributes as stored.</summary>
public sealed class GetUserAttributesFunction
{
    [Function(nameof(GetUserAttributesFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.UserAttributes)] HttpRequest request,
        string tenant,
        string userId,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.UserAttributes, tenant, () =>
            ImportApi.GetUserAttributesAsync(request, tenant, userId, cancellationToken));
}
