namespace Orchestrator.Nightly.Models;

/// <summary>A page of scheduled destinations turned into the runs they need, with the token for the next page.</summary>
public sealed record ScheduledPage(int Destinations, IReadOnlyList<ScheduledRun> Runs, string? ContinuationToken);
