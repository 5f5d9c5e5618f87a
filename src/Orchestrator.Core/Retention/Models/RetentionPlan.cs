namespace Orchestrator.Retention.Models;

/// <summary>
/// What retention would do now for a destination: every object its runs wrote before <paramref name="Cutoff"/> that
/// retention has not decided about yet. Empty when retention is off (<paramref name="RetentionDays"/> null).
/// </summary>
public sealed record RetentionPlan(string TenantId, string DestinationId, string Bucket, int? RetentionDays, DateTimeOffset? Cutoff, IReadOnlyList<RetentionItem> Items);
