namespace Orchestrator.Operations;

/// <summary>
/// A run's timeline and its per-activity summary. <see cref="Source"/> says where it came from: <c>history</c>
/// (the durable client's history API), <c>backend</c> (the backend's own history, local runner) or
/// <c>unavailable</c> (the backend serves no history: the in-memory runner, or a purged run). <see cref="Note"/> says
/// what the timeline cannot show.
/// </summary>
public sealed record RunTimeline(string Source, IReadOnlyList<RunTimelineEntry> Entries, IReadOnlyList<RunStepSummary> Steps)
{
    public static readonly RunTimeline Unavailable = new("unavailable", [], [])
    {
        Note = "No durable history to show: the in-memory backend keeps none, and a purged run has none left. The run record and the log tell what happened.",
    };

    public string? Note { get; init; }
}
