using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// Every other path below <c>/api/</c>, any method: 404 problem+json, or 405 (with <c>Allow</c>) for a known path asked
/// with a method it does not serve, as the runner answers. The host's route precedence lets every literal and
/// parameter route win over this catch-all; the host's own <c>runtime/webhooks</c> routes are outside the <c>api/</c>
/// prefix and never reach it. Anonymous, so an unknown path is a 404 rather than a 401 (it reads nothing).
/// </summary>
public sealed class UnmatchedRouteFunction
{
    [Function(nameof(UnmatchedRouteFunction))]
    public static IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = ApiRoutes.Unmatched)] HttpRequest request,
        string? path) =>
        UnmatchedRoute.Answer(request, path);
}
