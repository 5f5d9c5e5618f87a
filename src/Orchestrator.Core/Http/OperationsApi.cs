using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Operations;

namespace Orchestrator.Http;

/// <summary>
/// The operations API shared by both hosts: list a tenant's runs, a run's detail with its timeline, cancel, retry,
/// and purge old durable history. Every error is problem+json; another tenant's run answers 404.
/// </summary>
public static class OperationsApi
{
    /// <summary><c>GET /api/tenants/{tenant}/runs</c>: newest first, filtered, paged by an opaque continuation token.</summary>
    public static async Task<IResult> ListRunsAsync(HttpRequest request, string tenant, CancellationToken cancellationToken)
    {
        if (DestinationApi.BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = RunQueryParser.Parse(tenant, request.Query, errors);
        if (query is null)
        {
            return Problems.Validation(errors);
        }

        var page = await Operations(request).ListAsync(query, cancellationToken);
        string? token = page.Next?.Encode();
        string? next = null;
        if (token is not null)
        {
            var parameters = request.Query
                .Where(p => !p.Key.Equals("continuation", StringComparison.OrdinalIgnoreCase))
                .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
                .Append("continuation=" + Uri.EscapeDataString(token));
            next = $"{Base(request)}/api/tenants/{tenant}/runs?{string.Join('&', parameters)}";
        }

        return Results.Json(new
        {
            runs = page.Items.Select(r => RunSummaryView.From(r, RunViews.StatusUri(request, r.RunId))),
            continuation = token,
            next,
        });
    }

    /// <summary><c>GET /api/tenants/{tenant}/runs/{id}</c>: status, progress, result, the run record and the timeline.</summary>
    public static async Task<IResult> GetRunDetailAsync(HttpRequest request, string tenant, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (BadRun(tenant, instanceId) is { } bad)
        {
            return bad;
        }

        var view = await RunViews.ReadAsync(request, client, instanceId, cancellationToken);
        return view is null ? RunNotFound(instanceId) : Results.Json(view);
    }

    /// <summary>
    /// <c>POST /api/tenants/{tenant}/runs/{id}/cancel</c>: terminate, abort the export's upload until none remains,
    /// record the run as failed ("Cancelled by an operator."). 409 for a run that already finished otherwise.
    /// </summary>
    public static async Task<IResult> CancelRunAsync(HttpRequest request, string tenant, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (BadRun(tenant, instanceId) is { } bad)
        {
            return bad;
        }

        var outcome = await Operations(request).CancelAsync(client, tenant, instanceId, cancellationToken);
        switch (outcome.Status)
        {
            case CancelStatus.NotFound:
                return RunNotFound(instanceId);
            case CancelStatus.AlreadyFinished:
                return Problems.Conflict(
                    $"Run '{instanceId}' already finished ({outcome.Metadata!.RuntimeStatus}); only a running run can be cancelled.", StatusCodes.Status409Conflict);
        }

        if (outcome.CleanupError is not null)
        {
            return Results.Problem(
                detail: $"Run '{instanceId}' was terminated, but aborting its multipart upload failed: {outcome.CleanupError} Send the cancel again to retry the cleanup.",
                statusCode: StatusCodes.Status502BadGateway,
                title: "Cleanup failed.");
        }

        if (outcome.Cleanup is { Complete: false } cleanup)
        {
            return Results.Problem(
                detail: $"Run '{instanceId}' was terminated, but multipart uploads of s3://{cleanup.Bucket}/{cleanup.ObjectKey} kept appearing. Send the cancel again to retry the cleanup.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Cleanup incomplete.");
        }

        return Results.Json(new
        {
            id = instanceId,
            runtimeStatus = outcome.Metadata!.RuntimeStatus.ToString(),
            reason = RunOperations.CancelReason,
            abortedUploads = outcome.Cleanup?.AbortedUploads ?? 0,
            objectKey = outcome.Cleanup?.ObjectKey,
            statusUri = RunViews.StatusUri(request, instanceId),
        });
    }

    /// <summary>
    /// <c>POST /api/tenants/{tenant}/runs/{id}/retry</c>: restart a failed or terminated run with its original input (rebuilt
    /// from the run record once the durable history is purged).
    /// </summary>
    public static async Task<IResult> RetryRunAsync(HttpRequest request, string tenant, string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (BadRun(tenant, instanceId) is { } bad)
        {
            return bad;
        }

        var outcome = await Operations(request).RetryAsync(client, tenant, instanceId, cancellationToken);
        switch (outcome.Status)
        {
            case RetryStatus.NotFound:
                return RunNotFound(instanceId);
            case RetryStatus.NotRetryable:
                return Problems.Conflict(
                    $"Run '{instanceId}' is {outcome.State}; only a failed or terminated run can be retried.", StatusCodes.Status409Conflict);
        }

        string statusUri = RunViews.StatusUri(request, instanceId);
        request.HttpContext.Response.Headers.Location = statusUri;
        var view = await RunViews.ReadAsync(request, client, instanceId, cancellationToken) ?? RunViews.Pending(instanceId, statusUri);
        return Results.Json(view, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// <c>POST /api/runs/purge?olderThanDays=N</c> (or <c>?createdBefore=…</c>): purge the durable history of finished
    /// runs created before the cut-off; run records in the Runs table are kept.
    /// </summary>
    public static async Task<IResult> PurgeHistoryAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, _) in request.Query)
        {
            if (name is not ("olderThanDays" or "createdBefore" or "code"))
            {
                errors[name] = ["is not a known parameter; use olderThanDays or createdBefore"];
            }
        }

        string? days = request.Query.TryGetValue("olderThanDays", out var d) ? d.ToString() : null;
        string? before = request.Query.TryGetValue("createdBefore", out var b) ? b.ToString() : null;
        int olderThanDays = 0;
        DateTimeOffset createdBefore = default;
        if (days is not null && before is not null)
        {
            errors["olderThanDays"] = ["give either olderThanDays or createdBefore, not both"];
        }
        else if (days is not null)
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out olderThanDays) || olderThanDays > 3650)
            {
                errors["olderThanDays"] = ["must be a whole number of days from 0 to 3650"];
            }
        }
        else if (before is not null)
        {
            if (!before.Contains('T', StringComparison.Ordinal)
                || before.Trim() != before
                || !DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out createdBefore))
            {
                errors["createdBefore"] = ["must be an ISO 8601 time such as 2026-11-24T06:00:00Z"];
            }
        }
        else
        {
            olderThanDays = request.HttpContext.RequestServices.GetRequiredService<IOptions<OperationsOptions>>().Value.HistoryRetentionDays;
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var operations = Operations(request);
        var result = before is not null
            ? await operations.PurgeCreatedBeforeAsync(client, createdBefore, cancellationToken)
            : await operations.PurgeOlderThanAsync(client, olderThanDays, cancellationToken);
        return Results.Json(new { purged = result.Purged, batches = result.Batches, createdBefore = result.CutOff });
    }

    private static RunOperations Operations(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<RunOperations>();

    /// <summary>Run ids are "{kind}:{tenant}:…": another tenant's run is refused without a lookup, as not found.</summary>
    private static IResult? BadRun(string tenant, string instanceId)
    {
        if (DestinationApi.BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        if (RouteValues.BadRunId(instanceId) is { } badId)
        {
            return badId;
        }

        string[] parts = instanceId.Split(':');
        return instanceId.Length > 256 || parts.Length < 3 || parts[1] != tenant ? RunNotFound(instanceId) : null;
    }

    private static IResult RunNotFound(string instanceId) => Problems.NotFound($"No run with id '{instanceId}' exists for this tenant.");

    private static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
