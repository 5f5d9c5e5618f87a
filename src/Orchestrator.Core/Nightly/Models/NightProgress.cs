namespace Orchestrator.Nightly.Models;

/// <summary>
/// The scheduler's custom status, updated as runs start and finish: the night's counts so far and the runs in flight
/// (no failure reasons, which the stored summary keeps: custom status must stay small).
/// </summary>
public sealed record NightProgress(DateOnly Day, int Destinations, int Started, int Succeeded, int Failed, int Skipped, int InFlight, int PartiallySucceeded = 0);
