using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/runs/{instanceId}</c>: a run's status (see <see cref="ExportApi.GetRunAsync"/>).</summary>
public sealed class GetRunFunction
{
    [Function(nameof(GetRunFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ExportApi.GetRunAsync(request, instanceId, client, cancellationToken);
}
