using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/tenants/{tenant}/runs/{instanceId}/retry</c>: restart a failed or terminated run.</summary>
public sealed class RunsRetryFunction
{
    [Function(nameof(RunsRetryFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RetryRun)] HttpRequest request,
        string tenant,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.RetryRun, tenant, () =>
            OperationsApi.RetryRunAsync(request, tenant, instanceId, client, cancellationToken));
}
