namespace Orchestrator.Domain;

/// <summary>What the nightly scheduler does for a destination: which reports to export (for yesterday, UTC) and whether to import.</summary>
public sealed record DestinationSchedule(bool Enabled, IReadOnlyList<string> Reports, bool Import);
