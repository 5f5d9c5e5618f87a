namespace Orchestrator.Operations;

/// <summary>Per activity name: how many calls, how many attempts in all, and how they ended.</summary>
public sealed record RunStepSummary(string Step, int Calls, int Attempts, int Completed, int Failed, int Pending);
