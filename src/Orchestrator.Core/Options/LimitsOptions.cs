using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>
/// Configuration section <c>Limits</c>: how much work one call and one tenant may start, so that no caller can flood
/// the task hub or the stores (docs/scaling.md).
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Runs one backfill call may start or look up (days × reports); a larger range is a 400 naming <c>to</c>.</summary>
    [Range(1, 10_000)]
    public int MaxRunsPerCall { get; set; } = 100;

    /// <summary>Requests per minute a tenant's callers may make to the API together (token bucket refill rate).</summary>
    [Range(1, 1_000_000)]
    public int TenantRequestsPerMinute { get; set; } = 1200;

    /// <summary>Requests a tenant may make at once before the per-minute rate applies (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int TenantBurst { get; set; } = 1000;

    /// <summary>
    /// Requests per minute of one operator (cross-tenant role; keyed by the token's subject), or 0 for no limit.
    /// Operators get their own, larger budget so that a tenant's flood never blocks them.
    /// </summary>
    [Range(0, 1_000_000)]
    public int OperatorRequestsPerMinute { get; set; } = 6000;
}
