namespace Orchestrator.Nightly.Models;

/// <summary>Input of <see cref="NightlySchedulerOrchestrator"/>; carried across ContinueAsNew with the running totals.</summary>
/// <param name="Day">The day exported (yesterday, UTC, when the timer fires).</param>
public sealed record NightlyInput(DateOnly Day, int MaxConcurrentRuns, int PageSize, string? ContinuationToken, NightSummary Summary, bool Force = false);
