namespace Orchestrator.Exports.Models;

/// <summary>How this run's schema differs from the report's previous run at the destination (manifest v2 <c>schemaChanges</c>).</summary>
public sealed record SchemaChanges(string? PreviousRunId, string? PreviousFingerprint, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Retyped);
