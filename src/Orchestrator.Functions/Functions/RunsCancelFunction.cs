using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/runs/{instanceId}/cancel</c>: destructive, so it needs the admin key.</summary>
public sealed class RunsCancelFunction
{
    [Function(nameof(RunsCancelFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = ApiRoutes.CancelRun)] HttpRequest request,
        string tenant,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.CancelRun, tenant, () =>
            OperationsApi.CancelRunAsync(request, tenant, instanceId, client, cancellationToken));
}
