namespace Orchestrator.Operations;

/// <summary>Per activity name: how many calls, how many attempts in all, and how they ended.</summary>
/// <remarks><see cref="Abandoned"/>: calls still scheduled when the orchestration ended (never finished).</remarks>
public sealed record RunStepSummary(string Step, int Calls, int Attempts, int Completed, int Failed, int Pending, int Abandoned = 0);
