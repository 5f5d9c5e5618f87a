using DurableTask.Core.History;

namespace Orchestrator.Operations;

/// <summary>
/// Folds durable history into steps. The SDK retries an activity by scheduling it again with the same input, so
/// calls are grouped by activity name and input: one step per logical call, its attempts counted. A second result for
/// the same scheduled call means the activity was executed twice (its work item was delivered again, e.g. after its
/// lock expired): the orchestration kept the first result, and the step counts the extra execution as an attempt.
/// </summary>
public static class RunTimelineBuilder
{
    /// <summary>Errors kept per step (a step retried eight times has at most eight anyway).</summary>
    private const int MaxErrorsPerStep = 10;

    public static RunTimeline Build(string source, IEnumerable<HistoryEntry> history)
    {
        var entries = new List<RunTimelineEntry>();
        var steps = new Dictionary<(string Name, string? Input), int>();
        var bySchedule = new Dictionary<int, int>();
        var answered = new HashSet<int>();
        foreach (var e in history)
        {
            switch (e.Type)
            {
                case EventType.ExecutionStarted:
                    entries.Add(new RunTimelineEntry(e.Name ?? "orchestration", "orchestration", "started", 1, e.Timestamp, null, []));
                    break;
                case EventType.ExecutionCompleted:
                    entries.Add(new RunTimelineEntry(
                        "orchestration", "orchestration", (e.Name ?? "completed").ToLowerInvariant(), 1, e.Timestamp, e.Timestamp, e.Error is null ? [] : [e.Error]));
                    break;
                case EventType.ExecutionTerminated:
                    entries.Add(new RunTimelineEntry("orchestration", "orchestration", "terminated", 1, e.Timestamp, e.Timestamp, e.Error is null ? [] : [e.Error]));
                    break;
                case EventType.TaskScheduled:
                    var key = (e.Name ?? "activity", e.Input);
                    if (steps.TryGetValue(key, out int index))
                    {
                        var step = entries[index];
                        entries[index] = step with { Attempts = step.Attempts + 1, Status = "scheduled", FinishedAt = null };
                    }
                    else
                    {
                        index = entries.Count;
                        steps[key] = index;
                        entries.Add(new RunTimelineEntry(key.Item1, "activity", "scheduled", 1, e.Timestamp, null, []));
                    }

                    bySchedule[e.EventId] = index;
                    break;
                case EventType.TaskCompleted or EventType.TaskFailed
                    when e.TaskScheduledId is { } again && bySchedule.TryGetValue(again, out int twice) && !answered.Add(again):
                    entries[twice] = entries[twice] with { Attempts = entries[twice].Attempts + 1 };
                    break;
                case EventType.TaskCompleted when e.TaskScheduledId is { } id && bySchedule.TryGetValue(id, out int done):
                    entries[done] = entries[done] with { Status = "completed", FinishedAt = e.Timestamp };
                    break;
                case EventType.TaskFailed when e.TaskScheduledId is { } id && bySchedule.TryGetValue(id, out int failed):
                    var current = entries[failed];
                    entries[failed] = current with
                    {
                        Status = "failed",
                        FinishedAt = e.Timestamp,
                        Errors = e.Error is null || current.Errors.Count >= MaxErrorsPerStep ? current.Errors : [.. current.Errors, e.Error],
                    };
                    break;
            }
        }

        var summary = entries
            .Where(s => s.Kind == "activity")
            .GroupBy(s => s.Step, StringComparer.Ordinal)
            .Select(g => new RunStepSummary(
                g.Key,
                g.Count(),
                g.Sum(s => s.Attempts),
                g.Count(s => s.Status == "completed"),
                g.Count(s => s.Status == "failed"),
                g.Count(s => s.Status == "scheduled")))
            .ToList();
        return new RunTimeline(source, entries, summary);
    }
}
