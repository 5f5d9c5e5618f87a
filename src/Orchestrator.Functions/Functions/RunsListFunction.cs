using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/runs</c>: a tenant's runs, newest first, filtered and paged.</summary>
public sealed class RunsListFunction
{
    [Function(nameof(RunsListFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.TenantRuns)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.TenantRuns, tenant, () =>
            OperationsApi.ListRunsAsync(request, tenant, cancellationToken));
}
