using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Runs;

namespace Orchestrator.Http;

/// <summary>
/// The HTTP surface shared by both hosts (the Functions app and the local runner map their routes to these
/// methods): start an export run idempotently, and read a run's status.
/// </summary>
public static class ExportApi
{
    public const string RunsRoute = "api/runs";

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

        var outcome = await request.HttpContext.RequestServices.GetRequiredService<ExportRunStarter>().StartAsync(
            client, new ExportRequest(start.TenantId, start.DestinationId, start.Report, start.Period), start.Force, cancellationToken);
        return await RunViews.StartResponseAsync(request, client, outcome, start.TenantId, start.DestinationId, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/runs/{instanceId}</c> (operators: the admin key in Azure): any run's view, nights included; 404 when
    /// unknown. Tenants read their runs on <c>GET /api/tenants/{tenant}/runs/{instanceId}</c>.
    /// </summary>
    public static async Task<IResult> GetRunAsync(HttpRequest request, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (RouteValues.BadRunId(instanceId) is { } badId)
        {
            return badId;
        }

        var view = string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256
            ? null
            : await RunViews.ReadAsync(request, client, instanceId, cancellationToken);
        return view is null
            ? Problems.NotFound($"No run with id '{instanceId}' exists.")
            : Results.Json(view);
    }

    public static RunView ToView(OrchestrationMetadata metadata, HttpRequest request) => new(
        metadata.InstanceId,
        metadata.Name,
        metadata.RuntimeStatus.ToString(),
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        FinalProgress.Of(ParseJson(metadata.SerializedCustomStatus), metadata.RuntimeStatus),
        ParseJson(InstanceFailure.ResultOf(metadata)),
        InstanceFailure.MessageOf(metadata),
        StatusUri(request, metadata.InstanceId));

    private static string StatusUri(HttpRequest request, string instanceId) => RunViews.StatusUri(request, instanceId);

    private static JsonElement? ParseJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return CamelCaseJson.Convert(document.RootElement);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
