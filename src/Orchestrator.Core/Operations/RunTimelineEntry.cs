namespace Orchestrator.Operations;

/// <summary>
/// One step of a run: an activity call (all its retry attempts together) or an orchestration event (started,
/// finished, terminated). Errors are the messages of the failed attempts, oldest first.
/// </summary>
public sealed record RunTimelineEntry(
    string Step,
    string Kind,
    string Status,
    int Attempts,
    DateTimeOffset At,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Errors);
