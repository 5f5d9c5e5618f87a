using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;

namespace Orchestrator.Http;

/// <summary>
/// The HTTP surface shared by both hosts (the Functions app and the local runner map their routes to these
/// methods): start an export run idempotently, and read a run's status.
/// </summary>
public static class ExportApi
{
    public const string RunsRoute = "api/runs";

    /// <summary>Request bodies are small JSON documents.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary><c>POST /api/exports</c>: 202 with the status URL; an identical request returns the existing run.</summary>
    public static async Task<IResult> StartExportAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonAsync(request, cancellationToken);
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

        var exportRequest = new ExportRequest(start.TenantId, start.DestinationId, start.Report, start.Period);
        string instanceId = ExportNaming.InstanceId(exportRequest);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            bool finished = existing.IsCompleted;
            if (!finished || !start.Force)
            {
                return Results.Json(ToView(existing, request), statusCode: finished ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
            }

            // An explicit rerun of a finished run: same instance id, same object keys (overwritten).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ExportOrchestrator), exportRequest, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lost a race with an identical request: theirs is the run. Anything else is rethrown.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                throw;
            }
        }

        string statusUri = StatusUri(request, instanceId);
        request.HttpContext.Response.Headers.Location = statusUri;
        var view = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        return Results.Json(
            view is null ? new { id = instanceId, runtimeStatus = "Pending", statusUri } : ToView(view, request),
            statusCode: StatusCodes.Status202Accepted);
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

    public static RunView ToView(OrchestrationMetadata metadata, HttpRequest request) => new(
        metadata.InstanceId,
        metadata.Name,
        metadata.RuntimeStatus.ToString(),
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        ParseJson(metadata.SerializedCustomStatus),
        ParseJson(metadata.SerializedOutput),
        metadata.FailureDetails?.ErrorMessage,
        StatusUri(request, metadata.InstanceId));

    private static string StatusUri(HttpRequest request, string instanceId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/{RunsRoute}/{Uri.EscapeDataString(instanceId)}";

    private static JsonElement? ParseJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    private static async Task<(JsonElement Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problems.Validation(new() { ["Content-Type"] = ["must be application/json"] }, StatusCodes.Status415UnsupportedMediaType));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, Problems.Validation(new() { ["body"] = [$"must be at most {MaxBodyBytes} bytes"] }, StatusCodes.Status413PayloadTooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (default, Problems.Validation(new() { ["body"] = [$"must be at most {MaxBodyBytes} bytes"] }, StatusCodes.Status413PayloadTooLarge));
            }
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, Problems.Validation(new() { ["body"] = [$"is not valid JSON: {ex.Message}"] }));
        }
    }
}
