using System.Text.Json;

namespace Orchestrator.Operations;

/// <summary>
/// <c>GET /api/tenants/{tenant}/runs/{id}</c>: the fields of the status endpoint (null runtime status once the
/// durable history is purged), the run record, and the timeline.
/// </summary>
public sealed record RunDetailView(
    string Id,
    string? Name,
    string? RuntimeStatus,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdatedAt,
    JsonElement? Progress,
    JsonElement? Result,
    string? Error,
    string StatusUri,
    RunSummaryView? Record,
    RunTimeline Timeline);
