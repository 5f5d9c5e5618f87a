namespace Orchestrator.Exports.Models;

/// <summary>Stale objects deleted, and those kept because their ETag changed since we wrote them (someone else's now).</summary>
public sealed record StaleFilesOutcome(IReadOnlyList<string> Deleted, IReadOnlyList<string> KeptChanged);
