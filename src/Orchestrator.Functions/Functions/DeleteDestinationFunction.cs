using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;

namespace Orchestrator.Functions.Functions;

/// <summary><c>DELETE /api/tenants/{tenant}/destinations/{id}</c>: destructive, so it needs the admin key.</summary>
public sealed class DeleteDestinationFunction
{
    [Function(nameof(DeleteDestinationFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "tenants/{tenant}/destinations/{id}")] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        DestinationApi.DeleteAsync(request, tenant, id, cancellationToken);
}
