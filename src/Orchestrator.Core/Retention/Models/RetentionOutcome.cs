namespace Orchestrator.Retention.Models;

/// <summary>What the retention step did: keys deleted, and objects kept because someone changed them.</summary>
public sealed record RetentionOutcome(IReadOnlyList<string> DeletedKeys, int KeptChanged);
