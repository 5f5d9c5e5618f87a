namespace Orchestrator.Operations;

/// <summary>
/// A run's timeline and its per-activity summary. <see cref="Source"/> says where it came from: <c>history</c>
/// (the durable client's history API), <c>backend</c> (the backend's own history, local runner) or
/// <c>unavailable</c> (the backend serves no history: the in-memory runner, or a purged run).
/// </summary>
public sealed record RunTimeline(string Source, IReadOnlyList<RunTimelineEntry> Entries, IReadOnlyList<RunStepSummary> Steps)
{
    public static readonly RunTimeline Unavailable = new("unavailable", [], []);
}
