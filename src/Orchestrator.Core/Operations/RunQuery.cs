using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>A page request over a tenant's run records: optional filters, newest first.</summary>
public sealed record RunQuery(
    string TenantId,
    string? DestinationId,
    string? Kind,
    RunStatus? Status,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int PageSize,
    RunContinuation? After);
