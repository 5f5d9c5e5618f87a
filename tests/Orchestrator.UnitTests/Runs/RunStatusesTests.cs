using System.Text.Json;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Runs;

public sealed class RunStatusesTests
{
    [Theory]
    [InlineData(0, 0, RunStatus.Succeeded)] // nothing new to import
    [InlineData(3, 0, RunStatus.Succeeded)]
    [InlineData(2, 1, RunStatus.PartiallySucceeded)]
    [InlineData(0, 2, RunStatus.Failed)]
    public void OfImport_ByFileCounts_TellsTheTruth(int imported, int failed, RunStatus expected) =>
        Assert.Equal(expected, RunStatuses.OfImport(imported, failed));

    [Theory]
    [InlineData(RunStatus.Running, false, false)]
    [InlineData(RunStatus.Succeeded, true, true)]
    [InlineData(RunStatus.PartiallySucceeded, true, true)]
    [InlineData(RunStatus.Failed, true, false)]
    public void IsFinishedIsDone_EachStatus_FailedIsFinishedButNotDone(RunStatus status, bool finished, bool done) =>
        Assert.Equal((finished, done), (status.IsFinished(), status.IsDone()));

    [Fact]
    public void Serialize_Status_IsWrittenByName() =>
        Assert.Equal("\"PartiallySucceeded\"", JsonSerializer.Serialize(RunStatus.PartiallySucceeded));
}
