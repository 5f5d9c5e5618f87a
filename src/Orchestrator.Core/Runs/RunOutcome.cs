namespace Orchestrator.Runs;

/// <summary>
/// What a run's steps end with: the orchestration's result and the run record that states the outcome. With
/// <paramref name="Continued"/> the steps handed over to the run's next generation (ContinueAsNew): nothing is recorded,
/// the next generation records the outcome.
/// </summary>
public sealed record RunOutcome<TResult>(TResult Result, RunRecord Record, bool Continued = false);
