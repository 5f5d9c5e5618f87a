namespace Orchestrator.Retention.Models;

/// <summary>One object a run of ours recorded, with the decision retention takes about it.</summary>
public sealed record RetentionItem(string RunId, string Key, string RecordedETag, string? CurrentETag, DateTimeOffset WrittenAt, RetentionDecision Decision);
