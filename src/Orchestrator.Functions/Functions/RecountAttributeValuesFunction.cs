using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/attributes/recount</c>: a fresh counts snapshot of the tenant's attributes.</summary>
public sealed class RecountAttributeValuesFunction
{
    [Function(nameof(RecountAttributeValuesFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.AttributeRecount)] HttpRequest request,
        string tenant,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.AttributeRecount, tenant, () =>
            ImportApi.RecountAsync(request, tenant, client, cancellationToken));
}
