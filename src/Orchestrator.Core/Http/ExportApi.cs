using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Runs;

namespace Orchestrator.Http;

/// <summary>
/// The HTTP surface shared by both hosts (the Functions app and the local runner map their routes to these
/// methods): start an export run idempotently, and read a run's status.
/// </summary>
public static class ExportApi
{
    public const string RunsRoute = "api/runs";

    /// <summary><c>POST /api/exports</c>: 202 with the status URL; an identical request returns the existing run.</summary>
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

        var outcome = await ExportRunStarter.StartAsync(
            client, new ExportRequest(start.TenantId, start.DestinationId, start.Report, start.Period), start.Force, cancellationToken);
        string statusUri = StatusUri(request, outcome.InstanceId);
        request.HttpContext.Response.Headers.Location = statusUri;
        bool finished = outcome.Metadata?.IsCompleted == true;
        return Results.Json(
            outcome.Metadata is null
                ? new RunView(outcome.InstanceId, nameof(ExportOrchestrator), "Pending", default, default, null, null, null, statusUri)
                : ToView(outcome.Metadata, request),
            statusCode: finished ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /api/runs/{instanceId}</c>: status, progress, result, error and timestamps; 404 when unknown.</summary>
    public static async Task<IResult> GetRunAsync(HttpRequest request, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var metadata = string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256
            ? null
            : await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return metadata is null
            ? Problems.NotFound($"No run with id '{instanceId}' exists.")
            : Results.Json(ToView(metadata, request));
    }

    /// <summary><c>GET /api/tenants/{tenant}/runs/{instanceId}</c>: like <see cref="GetRunAsync"/>, but 404 for another tenant's run.</summary>
    public static async Task<IResult> GetTenantRunAsync(HttpRequest request, string tenant, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (DestinationApi.BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        // Run ids are "{kind}:{tenant}:…": the tenant is part of the id, so no lookup is needed to refuse.
        string[] parts = instanceId.Split(':');
        return parts.Length < 3 || parts[1] != tenant
            ? Problems.NotFound($"No run with id '{instanceId}' exists.")
            : await GetRunAsync(request, instanceId, client, cancellationToken);
    }

    public static RunView ToView(OrchestrationMetadata metadata, HttpRequest request) => new(
        metadata.InstanceId,
        metadata.Name,
        metadata.RuntimeStatus.ToString(),
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        ParseJson(metadata.SerializedCustomStatus),
        InstanceFailure.OutputIsFailure(metadata) ? null : ParseJson(metadata.SerializedOutput),
        InstanceFailure.MessageOf(metadata),
        StatusUri(request, metadata.InstanceId));

    private static string StatusUri(HttpRequest request, string instanceId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/{RunsRoute}/{RunIdSegment.Escape(instanceId)}";

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
