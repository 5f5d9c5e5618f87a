using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.Functions.Functions;

/// <summary><c>POST /api/exports</c>: starts an export run idempotently (see <see cref="ExportApi.StartExportAsync"/>).</summary>
public sealed class StartExportFunction
{
    [Function(nameof(StartExportFunction))]
    public static Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Exports)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ApiGate.RunAsync(request, ApiRoutes.Exports, tenant: null, () =>
            ExportApi.StartExportAsync(request, client, cancellationToken));
}
