using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/runs/purge?olderThanDays=N</c>: purges old durable history; destructive, so admin key only.</summary>
public sealed class PurgeHistoryFunction
{
    [Function(nameof(PurgeHistoryFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = ApiRoutes.PurgeRuns)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.PurgeRuns, tenant: null, () =>
            OperationsApi.PurgeHistoryAsync(request, client, cancellationToken));
}
