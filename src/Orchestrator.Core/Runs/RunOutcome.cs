namespace Orchestrator.Runs;

/// <summary>What a run's steps end with: the orchestration's result and the run record that states the outcome.</summary>
public sealed record RunOutcome<TResult>(TResult Result, RunRecord Record);
