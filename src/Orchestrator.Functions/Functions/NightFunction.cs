using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET|POST /api/nights/{day}</c>: a night's summary, or start a night (backfill; admin key).</summary>
public sealed class NightFunction
{
    [Function(nameof(NightFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", "post", Route = ApiRoutes.Night)] HttpRequest request,
        string day,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Night, tenant: null, () =>
            HttpMethods.IsPost(request.Method) ? NightApi.StartAsync(request, day, client, cancellationToken) : NightApi.GetAsync(request, day, cancellationToken));
}
