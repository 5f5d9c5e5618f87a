using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>GET /api/tenants/{tenant}/destinations/{id}/retention-preview</c>: what retention would delete now.</summary>
public sealed class RetentionPreviewFunction
{
    [Function(nameof(RetentionPreviewFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RetentionPreview)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.RetentionPreview, tenant, () =>
            RetentionApi.PreviewAsync(request, tenant, id, cancellationToken));
}
