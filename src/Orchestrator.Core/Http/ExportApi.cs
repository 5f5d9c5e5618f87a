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
            return CamelCaseJson.Convert(document.RootElement);
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
