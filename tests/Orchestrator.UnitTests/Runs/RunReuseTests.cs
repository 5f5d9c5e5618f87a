using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.UnitTests.Runs;

/// <summary>The one rule every start and the night share: a (partial) success is done; a failure is run again.</summary>
public sealed class RunReuseTests
{
    [Theory]
    [InlineData(RunStatus.Succeeded, true)]
    [InlineData(RunStatus.PartiallySucceeded, true)]
    [InlineData(RunStatus.Failed, false)]
    [InlineData(RunStatus.Running, false)]
    public void IsDone_RecordedStatus_OnlyAFinishedRunThatMovedDataIsDone(RunStatus status, bool done) =>
        Assert.Equal(done, RunReuse.IsDone(Record(status)));

    [Fact]
    public void IsDone_NoRecord_IsNotDone() => Assert.False(RunReuse.IsDone((RunRecord?)null));

    [Theory]
    [InlineData(RunStatus.Succeeded, true)]
    [InlineData(RunStatus.PartiallySucceeded, true)]
    [InlineData(RunStatus.Running, true)]
    [InlineData(RunStatus.Failed, false)]
    public void NightSkips_RecordedStatus_SkipsDoneAndRunningRerunsFailed(RunStatus status, bool skipped) =>
        Assert.Equal(skipped, RunReuse.NightSkips(Record(status)));

    private static RunRecord Record(RunStatus status) => new()
    {
        TenantId = "t1",
        RunId = "export:t1:d1:sessions:2026-11-24",
        Kind = "export",
        DestinationId = "d1",
        Status = status,
    };
}
