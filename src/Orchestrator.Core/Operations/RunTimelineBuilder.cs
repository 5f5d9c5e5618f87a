using DurableTask.Core.History;

namespace Orchestrator.Operations;

/// <summary>
/// Folds durable history into steps. The SDK retries an activity by scheduling it again with the same input, so
/// calls are grouped by activity name and input: one step per logical call, its attempts counted. A second result for
/// the same scheduled call means the activity was executed twice (its work item was delivered again, e.g. after its
/// lock expired): the orchestration kept the first result, and the step counts the extra execution as an attempt.
/// The orchestration is one step too: started, then completed, failed or terminated (with its reason) once it ended;
/// an activity still scheduled when the orchestration ended never finished, and says so ("abandoned").
/// </summary>
public static class RunTimelineBuilder
{
    /// <summary>What durable history cannot show, said once on every timeline built from it.</summary>
    public const string HistoryNote =
        "Attempts are the retries the orchestration scheduled, plus executions that reported a second result for one call. " +
        "An execution that died with its worker leaves no event in durable history: the step summary's executions count " +
        "every time an activity ran, so executions above attempts are attempts the backend ran again after a crash or a lost lock.";

    /// <summary>
    /// The step summary with each activity's executions (<paramref name="executions"/>: by activity name, as noted by
    /// every execution); steps of activities that never noted one keep a null count.
    /// </summary>
    public static RunTimeline WithExecutions(RunTimeline timeline, IReadOnlyDictionary<string, int> executions)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(executions);
        var summary = timeline.Steps
            .Select(s => executions.TryGetValue(s.Step, out int ran) ? s with { Executions = ran } : s)
            .ToList();
        return timeline with { Steps = summary };
    }

    /// <summary>Errors kept per step (a step retried eight times has at most eight anyway).</summary>
    private const int MaxErrorsPerStep = 10;

    public static RunTimeline Build(string source, IEnumerable<HistoryEntry> history)
    {
        var entries = new List<RunTimelineEntry>();
        var steps = new Dictionary<(string Name, string? Input), int>();
        var bySchedule = new Dictionary<int, int>();
        var answered = new HashSet<int>();
        int orchestration = -1;
        foreach (var e in history)
        {
            switch (e.Type)
            {
                case EventType.ExecutionStarted:
                    orchestration = entries.Count;
                    entries.Add(new RunTimelineEntry(e.Name ?? "orchestration", "orchestration", "started", 1, e.Timestamp, null, []));
                    break;
                case EventType.ExecutionCompleted:
                    End(entries, ref orchestration, (e.Name ?? "completed").ToLowerInvariant(), e);
                    break;
                case EventType.ExecutionTerminated:
                    End(entries, ref orchestration, "terminated", e);
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
                        Errors = Append(current.Errors, e.Error),
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
                g.Count(s => s.Status == "scheduled"),
                g.Count(s => s.Status == "abandoned")))
            .ToList();
        return new RunTimeline(source, entries, summary) { Note = HistoryNote };
    }

    /// <summary>
    /// The run's own failure (<paramref name="failure"/>: the instance's message) on its orchestration step when the
    /// history's end event carried none (some backends keep it only as the instance's output).
    /// </summary>
    public static RunTimeline WithFailure(RunTimeline timeline, string? failure)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (failure is null)
        {
            return timeline;
        }

        var entries = timeline.Entries
            .Select(e => e is { Kind: "orchestration", Status: "failed" or "terminated", Errors.Count: 0 } ? e with { Errors = [failure] } : e)
            .ToList();
        return timeline with { Entries = entries };
    }

    /// <summary>Ends the orchestration step (one, however many end events the backend wrote) and what it left running.</summary>
    private static void End(List<RunTimelineEntry> entries, ref int orchestration, string status, HistoryEntry e)
    {
        if (orchestration < 0)
        {
            orchestration = entries.Count;
            entries.Add(new RunTimelineEntry("orchestration", "orchestration", status, 1, e.Timestamp, e.Timestamp, []));
        }

        var own = entries[orchestration];

        // A terminated instance also writes its completion (status Terminated): the first end stays the end.
        bool alreadyEnded = own.FinishedAt is not null;
        entries[orchestration] = own with
        {
            Status = alreadyEnded ? own.Status : status,
            FinishedAt = own.FinishedAt ?? e.Timestamp,
            Errors = own.Errors.Contains(e.Error ?? string.Empty, StringComparer.Ordinal) ? own.Errors : Append(own.Errors, e.Error),
        };

        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i] is { Kind: "activity", Status: "scheduled" })
            {
                entries[i] = entries[i] with { Status = "abandoned" };
            }
        }
    }

    private static IReadOnlyList<string> Append(IReadOnlyList<string> errors, string? error) =>
        error is null || errors.Count >= MaxErrorsPerStep ? errors : [.. errors, error];
}
