using DurableTask.Core.History;
using Orchestrator.Operations;

namespace Orchestrator.UnitTests.Operations;

/// <summary>The timeline tells the truth about how a run ended, from the history events the backends write.</summary>
public sealed class RunTimelineBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_CompletedRun_OrchestrationIsOneStepThatEnded()
    {
        var timeline = RunTimelineBuilder.Build("history",
        [
            Started(0),
            Scheduled(1, 0, "ValidateDestinationActivity"),
            Completed(2, 0),
            End(3, "Completed"),
        ]);

        var own = Assert.Single(timeline.Entries, e => e.Kind == "orchestration");
        Assert.Equal(("ExportOrchestrator", "completed", T0.AddSeconds(3)), (own.Step, own.Status, own.FinishedAt));
        Assert.Equal(RunTimelineBuilder.HistoryNote, timeline.Note);
    }

    [Fact]
    public void Build_FailedRunWhoseEndEventHasTheMessageOnlyAsResult_OrchestrationStepCarriesTheError()
    {
        var history = new[]
        {
            Started(0),
            Scheduled(1, 0, "ValidateDestinationActivity"),
            new HistoryEntry(EventType.TaskFailed, -1, T0.AddSeconds(2), null, null, 0, "The destination does not exist."),
            End(3, "Failed"),
        };

        var timeline = RunTimelineBuilder.WithFailure(RunTimelineBuilder.Build("backend", history), "The destination does not exist.");

        var own = Assert.Single(timeline.Entries, e => e.Kind == "orchestration");
        Assert.Equal("failed", own.Status);
        Assert.Equal(["The destination does not exist."], own.Errors);
    }

    [Fact]
    public void Build_TerminatedWhilePartsWereUploading_OneTerminatedStepWithItsReasonAndNoPartStillScheduled()
    {
        var timeline = RunTimelineBuilder.Build("backend",
        [
            Started(0),
            Scheduled(1, 0, "UploadPartActivity", "1"),
            Completed(2, 0),
            Scheduled(3, 1, "UploadPartActivity", "2"),
            new HistoryEntry(EventType.ExecutionTerminated, -1, T0.AddSeconds(4), null, null, null, "Cancelled by an operator."),
            End(5, "Terminated"),
        ]);

        var own = Assert.Single(timeline.Entries, e => e.Kind == "orchestration");
        Assert.Equal(("terminated", T0.AddSeconds(4)), (own.Status, own.FinishedAt));
        Assert.Equal(["Cancelled by an operator."], own.Errors);
        Assert.DoesNotContain(timeline.Entries, e => e.Status == "scheduled");
        Assert.Equal("abandoned", timeline.Entries.Single(e => e.Step == "UploadPartActivity" && e.FinishedAt is null).Status);
        var parts = Assert.Single(timeline.Steps);
        Assert.Equal((2, 1, 0, 1), (parts.Calls, parts.Completed, parts.Pending, parts.Abandoned));
    }

    [Fact]
    public void HistoryEntryFrom_FailedCompletionWithoutFailureDetails_TakesTheMessageFromTheResult()
    {
        var completed = new ExecutionCompletedEvent(7, "\"No file could be imported.\"", DurableTask.Core.OrchestrationStatus.Failed);

        Assert.Equal("No file could be imported.", HistoryEntry.From(completed).Error);
    }

    private static HistoryEntry Started(int second) =>
        new(EventType.ExecutionStarted, -1, T0.AddSeconds(second), "ExportOrchestrator", null, null, null);

    private static HistoryEntry Scheduled(int second, int eventId, string name, string? input = null) =>
        new(EventType.TaskScheduled, eventId, T0.AddSeconds(second), name, input, null, null);

    private static HistoryEntry Completed(int second, int scheduledId) =>
        new(EventType.TaskCompleted, -1, T0.AddSeconds(second), null, null, scheduledId, null);

    private static HistoryEntry End(int second, string status) =>
        new(EventType.ExecutionCompleted, -1, T0.AddSeconds(second), status, null, null, null);
}
