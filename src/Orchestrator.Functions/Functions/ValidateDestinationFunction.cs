using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/destinations/{id}/validate</c>: "test connection", check by check.</summary>
public sealed class ValidateDestinationFunction
{
    [Function(nameof(ValidateDestinationFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ValidateDestination)] HttpRequest request,
        string tenant,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.ValidateDestination, tenant, () =>
            DestinationApi.ValidateAsync(request, tenant, id, client, cancellationToken));
}
