using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.UnitTests.Runs;

/// <summary>A late duplicate of a run's first write never turns its recorded outcome back into "running".</summary>
public sealed class RunRecordSupersessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 7, 0, 5, 0, 123, TimeSpan.Zero);

    [Theory]
    [InlineData(RunStatus.Running, RunStatus.Succeeded, false)]
    [InlineData(RunStatus.Running, RunStatus.Failed, false)]
    [InlineData(RunStatus.Running, RunStatus.PartiallySucceeded, false)]
    [InlineData(RunStatus.Running, RunStatus.Running, true)]
    [InlineData(RunStatus.Succeeded, RunStatus.Running, true)]
    [InlineData(RunStatus.Failed, RunStatus.Succeeded, true)]
    [InlineData(RunStatus.Succeeded, RunStatus.Succeeded, true)]
    public void Replaces_SameExecution_OnlyAFinishedRecordIsFinal(RunStatus incoming, RunStatus stored, bool replaces) =>
        Assert.Equal(replaces, RunRecordSupersession.Replaces(Record(incoming, Start), Start, stored));

    [Fact]
    public void Replaces_LaterExecutionOfTheSameRunId_ReplacesAFinishedRecord() =>
        Assert.True(RunRecordSupersession.Replaces(Record(RunStatus.Running, Start.AddMinutes(5)), Start, RunStatus.Succeeded));

    [Fact]
    public void Replaces_AnotherStart_ReplacesAsBefore() =>
        Assert.True(RunRecordSupersession.Replaces(Record(RunStatus.Succeeded, Start.AddDays(-40)), Start, RunStatus.Succeeded));

    [Fact]
    public void Replaces_StoreKeptFewerDigits_TheSameExecutionStill() =>
        Assert.False(RunRecordSupersession.Replaces(Record(RunStatus.Running, Start.AddTicks(4567)), Start, RunStatus.Succeeded));

    private static RunRecord Record(RunStatus status, DateTimeOffset startedAt) => new()
    {
        TenantId = "t1",
        RunId = "export:t1:d1:sessions:2026-10-07",
        Kind = "export",
        DestinationId = "d1",
        Status = status,
        StartedAt = startedAt,
    };
}
