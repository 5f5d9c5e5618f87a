using DurableTask.Core.History;
using Orchestrator.Operations;
using Xunit;

namespace Orchestrator.UnitTests.Operations;

/// <summary>
/// An activity whose work item is delivered again (its lock expired while it ran, or its worker died after finishing)
/// runs twice, and the orchestration receives two results for the one scheduled call: the timeline must show the
/// extra execution as an attempt, and keep the result the orchestration used (the first).
/// </summary>
public sealed class RunTimelineDuplicateExecutionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_SecondResultForTheSameScheduledCall_CountsAnExtraAttemptAndKeepsTheFirstResult()
    {
        HistoryEntry[] history =
        [
            new(EventType.ExecutionStarted, -1, T0, "ExportOrchestrator", null, null, null),
            new(EventType.TaskScheduled, 0, T0.AddSeconds(1), "UploadPartActivity", "{\"part\":1}", null, null),
            new(EventType.TaskScheduled, 1, T0.AddSeconds(1), "UploadPartActivity", "{\"part\":2}", null, null),
            new(EventType.TaskCompleted, 2, T0.AddSeconds(20), null, null, 0, null),
            new(EventType.TaskCompleted, 3, T0.AddSeconds(21), null, null, 1, null),
            new(EventType.TaskFailed, 4, T0.AddSeconds(40), null, null, 0, "PopReceiptMismatch"),
        ];

        var timeline = RunTimelineBuilder.Build("backend", history);

        var parts = timeline.Entries.Where(e => e.Step == "UploadPartActivity").ToList();
        Assert.Equal((2, "completed", T0.AddSeconds(20)), (parts[0].Attempts, parts[0].Status, parts[0].FinishedAt));
        Assert.Empty(parts[0].Errors);
        Assert.Equal((1, "completed"), (parts[1].Attempts, parts[1].Status));
        var summary = Assert.Single(timeline.Steps);
        Assert.Equal((2, 3, 2, 0), (summary.Calls, summary.Attempts, summary.Completed, summary.Failed));
    }

    [Fact]
    public void Build_RetriedAfterAFailure_CountsEachScheduledAttemptOnce()
    {
        HistoryEntry[] history =
        [
            new(EventType.ExecutionStarted, -1, T0, "ExportOrchestrator", null, null, null),
            new(EventType.TaskScheduled, 0, T0, "UploadPartActivity", "{\"part\":1}", null, null),
            new(EventType.TaskFailed, 1, T0.AddSeconds(1), null, null, 0, "SlowDown"),
            new(EventType.TaskScheduled, 2, T0.AddSeconds(2), "UploadPartActivity", "{\"part\":1}", null, null),
            new(EventType.TaskCompleted, 3, T0.AddSeconds(3), null, null, 2, null),
        ];

        var entry = Assert.Single(RunTimelineBuilder.Build("backend", history).Entries, e => e.Step == "UploadPartActivity");

        Assert.Equal((2, "completed"), (entry.Attempts, entry.Status));
        Assert.Equal(["SlowDown"], entry.Errors);
    }
}
