using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/runs/{instanceId}</c>: a run's status, record and timeline, only for its own tenant.</summary>
public sealed class GetTenantRunFunction
{
    [Function(nameof(GetTenantRunFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.TenantRun)] HttpRequest request,
        string tenant,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.TenantRun, tenant, () =>
            OperationsApi.GetRunDetailAsync(request, tenant, instanceId, client, cancellationToken));
}
