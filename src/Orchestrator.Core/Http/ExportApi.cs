using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Security;

namespace Orchestrator.Http;

/// <summary>
/// The export route shared by both hosts (the Functions app and the local runner map their routes to it): start an
/// export run idempotently. Reading a run is the runs' own (<see cref="RunsApi"/>, <see cref="OperationsApi"/>).
/// </summary>
public static class ExportApi
{
    /// <summary>
    /// <c>POST /api/exports</c>: 202 with the run's view and its status URI (the tenant route); an identical request
    /// returns the existing run (200 once finished); a destination the tenant does not have is a 404 that starts nothing.
    /// </summary>
    public static async Task<IResult> StartExportAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var start = RequestValidation.ParseExportStart(body, errors);
        if (start is null)
        {
            return Problems.Validation(errors);
        }

        // The body names the tenant: a tenant caller may only name its own (another tenant's is a 404, like one that has nothing).
        if (!ApiGate.MayActOn(request.HttpContext, start.TenantId))
        {
            return ApiGate.NotFound(request);
        }

        var outcome = await request.HttpContext.RequestServices.GetRequiredService<ExportRunStarter>().StartAsync(
            client, new ExportRequest(start.TenantId, start.DestinationId, start.Report, start.Period, start.Format, start.ParquetCodec), start.Force, cancellationToken);
        return await RunViews.StartResponseAsync(request, client, outcome, start.TenantId, start.DestinationId, cancellationToken);
    }
}
