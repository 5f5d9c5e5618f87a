using Orchestrator.Operations;
using Xunit;

namespace Orchestrator.UnitTests.Operations;

/// <summary>The step summary counts executions beside attempts: history cannot show an execution that died with its worker.</summary>
public sealed class RunTimelineExecutionsTests
{
    [Fact]
    public void WithExecutions_CountsByActivityName_SetOnTheirStepsOthersStayUnknown()
    {
        var timeline = new RunTimeline("history", [], [
            new RunStepSummary("UploadPartActivity", Calls: 2, Attempts: 2, Completed: 2, Failed: 0, Pending: 0),
            new RunStepSummary("CompleteExportActivity", Calls: 1, Attempts: 1, Completed: 1, Failed: 0, Pending: 0),
        ]);

        var merged = RunTimelineBuilder.WithExecutions(timeline, new Dictionary<string, int> { ["UploadPartActivity"] = 3 });

        Assert.Equal(3, merged.Steps[0].Executions);
        Assert.Equal(2, merged.Steps[0].Attempts);
        Assert.Null(merged.Steps[1].Executions);
        Assert.Empty(merged.Entries);
    }
}
