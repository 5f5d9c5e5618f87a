namespace Orchestrator.Operations;

/// <summary>Per activity name: how many calls, how many attempts in all, and how they ended.</summary>
/// <remarks>
/// <see cref="Abandoned"/>: calls still scheduled when the orchestration ended (never finished).
/// <see cref="Executions"/>: how often the activity actually ran (null where unknown); more than <see cref="Attempts"/>
/// means the backend ran an attempt again (a worker crashed, or a lock expired), which durable history cannot show.
/// </remarks>
public sealed record RunStepSummary(string Step, int Calls, int Attempts, int Completed, int Failed, int Pending, int Abandoned = 0, int? Executions = null);
