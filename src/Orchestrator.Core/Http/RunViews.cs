using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Operations;
using Orchestrator.Runs;

namespace Orchestrator.Http;

/// <summary>
/// The one view of a run, built in one place for every route that answers with a run: the start requests (exports,
/// imports, retry), the tenant route <c>GET /api/tenants/{tenant}/runs/{id}</c> and the operators' <c>GET /api/runs/{id}</c>.
/// A start that returns an existing run therefore shows exactly what a GET of its status URI shows.
/// </summary>
public static class RunViews
{
    /// <summary>
    /// Where a run's status is read (the one place status URLs are built): the tenant route for a tenant's run (ids
    /// <c>{kind}:{tenant}:…</c>), the operators' route for any other (nights). The id keeps its colons
    /// (<see cref="RunIdSegment"/>).
    /// </summary>
    public static string StatusUri(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        string root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return RunIds.TenantOf(instanceId) is { } tenant
            ? $"{root}/api/tenants/{tenant}/runs/{RunIdSegment.Escape(instanceId)}"
            : $"{root}/{RunsApi.RunsRoute}/{RunIdSegment.Escape(instanceId)}";
    }

    /// <summary>The run's view (durable instance, run record, timeline); null when neither instance nor record exists.</summary>
    public static async Task<RunDetailView?> ReadAsync(HttpRequest request, DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operations = request.HttpContext.RequestServices.GetRequiredService<RunOperations>();
        var detail = await operations.GetDetailAsync(client, RunIds.TenantOf(instanceId), instanceId, cancellationToken);
        return detail is null ? null : From(detail, instanceId, request);
    }

    /// <summary>The answer to a start: 404 naming the destination, or the run's view with its Location (202 while it runs, 200 once finished).</summary>
    public static async Task<IResult> StartResponseAsync(
        HttpRequest request, DurableTaskClient client, RunStartOutcome outcome, string tenant, string destinationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == RunStartStatus.DestinationNotFound)
        {
            return Problems.Validation(
                new() { ["destinationId"] = [$"no destination '{destinationId}' exists for tenant '{tenant}'"] }, StatusCodes.Status404NotFound);
        }

        string statusUri = StatusUri(request, outcome.InstanceId);
        request.HttpContext.Response.Headers.Location = statusUri;
        var view = await ReadAsync(request, client, outcome.InstanceId, cancellationToken) ?? Pending(outcome.InstanceId, statusUri);
        return Results.Json(view, statusCode: !outcome.Started && outcome.Finished ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <summary>The view of what is known: the instance's status, progress, result and error (or the record's error once the history is gone).</summary>
    public static RunDetailView From(RunDetail detail, string instanceId, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(detail);
        string statusUri = StatusUri(request, instanceId);
        var record = detail.Record is null ? null : RunSummaryView.From(detail.Record, statusUri);
        if (detail.Instance is null)
        {
            return new RunDetailView(instanceId, null, null, null, null, null, null, detail.Record?.Error, statusUri, record, detail.Timeline);
        }

        var run = ToView(detail.Instance, request);
        return new RunDetailView(
            run.Id, run.Name, run.RuntimeStatus, run.CreatedAt, run.LastUpdatedAt, run.Progress, run.Result, run.Error, statusUri, record, detail.Timeline);
    }

    /// <summary>The durable instance's view of a run: status, progress, result and error as the backend reports them.</summary>
    public static RunView ToView(OrchestrationMetadata metadata, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new(
            metadata.InstanceId,
            metadata.Name,
            metadata.RuntimeStatus.ToString(),
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            FinalProgress.Of(ParseJson(metadata.SerializedCustomStatus), metadata.RuntimeStatus),
            ParseJson(InstanceFailure.ResultOf(metadata)),
            InstanceFailure.MessageOf(metadata),
            StatusUri(request, metadata.InstanceId));
    }

    /// <summary>A run scheduled a moment ago whose instance the backend does not show yet.</summary>
    public static RunDetailView Pending(string instanceId, string statusUri) =>
        new(instanceId, null, "Pending", null, null, null, null, null, statusUri, null, RunTimeline.Unavailable);

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
