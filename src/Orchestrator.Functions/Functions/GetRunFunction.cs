using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/runs/{instanceId}</c>: any run (nights included), for operators only (admin key); tenants use the tenant route.</summary>
public sealed class GetRunFunction
{
    [Function(nameof(GetRunFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = ApiRoutes.Run)] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Run, tenant: null, () =>
            RunsApi.GetRunAsync(request, instanceId, client, cancellationToken));
}
