using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Nightly.Models;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Nightly;

/// <summary>The nightly scheduler's branching: the sliding window, failures, skips, pages, and what each run is started with.</summary>
public sealed class NightlySchedulerOrchestratorTests
{
    [Fact]
    public async Task RunAsync_MoreRunsThanTheWindow_StartsTheNextAsSoonAsAnyRunFinishes()
    {
        var runs = Enumerable.Range(0, 5).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));

        Assert.Equal([runs[0].RunId, runs[1].RunId], harness.StartedIds);
        harness.Succeed(runs[1].RunId);
        Assert.Equal([runs[0].RunId, runs[1].RunId, runs[2].RunId], harness.StartedIds); // run 0 still in flight
        harness.Succeed(runs[2].RunId);
        Assert.Equal(runs[3].RunId, harness.StartedIds.Last());
        harness.Succeed(runs[0].RunId);
        Assert.Equal(runs[4].RunId, harness.StartedIds.Last());
        Assert.False(night.IsCompleted);
        harness.Succeed(runs[4].RunId);
        harness.Succeed(runs[3].RunId);

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, harness.MaxInFlight);
        Assert.Equal((5, 5, 5, 0, 0), (summary.Destinations, summary.Started, summary.Succeeded, summary.Failed, summary.Skipped));
        Assert.True(summary.Finished);
    }

    [Fact]
    public async Task RunAsync_WindowLargerThanThePage_StartsEveryRunAtOnce()
    {
        var runs = Enumerable.Range(0, 3).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 20));

        Assert.Equal(runs.Select(r => r.RunId), harness.StartedIds);
        foreach (var run in runs)
        {
            harness.Succeed(run.RunId);
        }

        Assert.Equal(3, (await night.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
    }

    [Fact]
    public async Task RunAsync_RunFails_RecordsItsReasonAndTheOthersStillRun()
    {
        var runs = Enumerable.Range(0, 4).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));
        harness.Fail(runs[0].RunId, "AccessDenied (403): the policy must allow s3:PutObject");
        harness.Succeed(runs[1].RunId);
        harness.Succeed(runs[2].RunId);
        harness.Succeed(runs[3].RunId);

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, harness.Started.Count);
        Assert.Equal((4, 3, 1), (summary.Started, summary.Succeeded, summary.Failed));
        Assert.Equal(new NightFailure("tenant-1", "d0", runs[0].RunId, "AccessDenied (403): the policy must allow s3:PutObject"), Assert.Single(summary.Failures));
        Assert.Equal(summary, Assert.Single(harness.Recorded));
    }

    [Fact]
    public async Task RunAsync_RunsAlreadyDone_AreSkippedNotStarted()
    {
        var runs = Enumerable.Range(0, 3).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);
        harness.Done.Add(runs[1].RunId);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));
        harness.Succeed(runs[0].RunId);
        harness.Succeed(runs[2].RunId);

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([runs[0].RunId, runs[2].RunId], harness.StartedIds);
        Assert.Equal((2, 2, 1), (summary.Started, summary.Succeeded, summary.Skipped));
    }

    [Fact]
    public async Task RunAsync_Forced_StartsDoneRunsWithoutAskingWhichAreDone()
    {
        var runs = Enumerable.Range(0, 2).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);
        harness.Done.Add(runs[0].RunId);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2, force: true));
        harness.Succeed(runs[0].RunId);
        harness.Succeed(runs[1].RunId);

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(harness.AskedDone);
        Assert.Equal((2, 0), (summary.Started, summary.Skipped));
    }

    [Fact]
    public async Task RunAsync_RunThatCannotStart_CountsAsFailedWithItsReasonAndIsNeverStarted()
    {
        var runs = new List<ScheduledRun> { SchedulerHarness.Export(0, error: "The schedule's time zone 'Mars/Olympus' is not known"), SchedulerHarness.Export(1) };
        var harness = new SchedulerHarness(runs);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));
        harness.Succeed(runs[1].RunId);

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([runs[1].RunId], harness.StartedIds);
        Assert.Equal([runs[1]], Assert.Single(harness.AskedDone));
        Assert.Equal((1, 1, 1), (summary.Started, summary.Succeeded, summary.Failed));
        Assert.Contains("Mars/Olympus", Assert.Single(summary.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunsFinish_CustomStatusFollowsEachStartAndFinish()
    {
        var runs = Enumerable.Range(0, 3).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));
        harness.Succeed(runs[0].RunId);
        harness.Fail(runs[1].RunId, "denied");
        harness.Succeed(runs[2].RunId);
        await night.WaitAsync(TimeSpan.FromSeconds(10));

        var day = SchedulerHarness.Night;
        Assert.Equal(
            [
                new NightProgress(day, 3, 2, 0, 0, 0, InFlight: 2),
                new NightProgress(day, 3, 3, 1, 0, 0, InFlight: 2),
                new NightProgress(day, 3, 3, 1, 1, 0, InFlight: 1),
                new NightProgress(day, 3, 3, 2, 1, 0, InFlight: 0),
            ],
            harness.Statuses);
    }

    [Fact]
    public async Task RunAsync_PageWithMoreToCome_StoresTheSummarySoFarAndContinuesAsNewWithTheTotals()
    {
        var runs = Enumerable.Range(0, 2).Select(i => SchedulerHarness.Export(i)).ToList();
        var harness = new SchedulerHarness(runs, destinations: 2, continuationToken: "next-page");
        var before = NightSummary.Empty(SchedulerHarness.Night) with { Destinations = 100, Started = 99, Succeeded = 98, Failed = 1, Failures = [new("tenant-0", "d9", "run-9", "denied")] };

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 5, summary: before));
        harness.Succeed(runs[0].RunId);
        harness.Succeed(runs[1].RunId);
        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(Assert.Single(harness.Listed).ContinuationToken);
        Assert.False(summary.Finished);
        Assert.Equal((102, 101, 100, 1), (summary.Destinations, summary.Started, summary.Succeeded, summary.Failed));
        Assert.Equal(summary, Assert.Single(harness.Recorded));
        var next = Assert.IsType<NightlyInput>(harness.ContinuedWith);
        Assert.Equal("next-page", next.ContinuationToken);
        Assert.Equal(summary, next.Summary);
        Assert.Equal(("tenant-0", "d9"), (Assert.Single(next.Summary.Failures).TenantId, next.Summary.Failures[0].DestinationId));
    }

    [Fact]
    public async Task RunAsync_LastPage_StoresTheFinishedSummaryWithoutContinuing()
    {
        var harness = new SchedulerHarness([], destinations: 0);

        var summary = await harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 5)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(summary.Finished);
        Assert.Null(harness.ContinuedWith);
        Assert.Empty(harness.AskedDone);
        Assert.True(Assert.Single(harness.Recorded).Finished);
    }

    [Fact]
    public async Task RunAsync_ExportAndImport_StartedUnderTheirRunIdsWithTheirPeriods()
    {
        var honolulu = new ScheduledRun("tenant-1", "d1", "sessions", "export:tenant-1:d1:sessions:2026-11-19", new DateOnly(2026, 11, 19));
        var import = new ScheduledRun("tenant-1", "d1", null, "import:tenant-1:d1:2026-11-21:attributes", new DateOnly(2026, 11, 21), ImportFolder: "attributes/");
        var harness = new SchedulerHarness([honolulu, import]);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 5));
        harness.Succeed(honolulu.RunId);
        harness.Succeed(import.RunId);
        await night.WaitAsync(TimeSpan.FromSeconds(10));

        var export = harness.Started[0];
        Assert.Equal((nameof(ExportOrchestrator), honolulu.RunId), (export.Orchestrator, export.InstanceId));
        Assert.Equal(new ExportRequest("tenant-1", "d1", "sessions", new DateOnly(2026, 11, 19)), export.Input);
        var imported = harness.Started[1];
        Assert.Equal((nameof(ImportOrchestrator), import.RunId), (imported.Orchestrator, imported.InstanceId));
        Assert.Equal(new ImportRequest("tenant-1", "d1", "attributes/", new DateOnly(2026, 11, 21), Force: false), imported.Input);
    }

    [Fact]
    public async Task RunAsync_ImportPartiallySucceedsAndAnExportFails_CountsEachOutcomeAndTheNightPartiallySucceeds()
    {
        var export = SchedulerHarness.Export(0);
        var import = new ScheduledRun("tenant-1", "d1", null, "import:tenant-1:d1:attributes:2026-11-20", SchedulerHarness.Night, ImportFolder: "attributes/");
        var harness = new SchedulerHarness([export, import]);

        var night = harness.RunAsync(SchedulerHarness.Input(maxConcurrentRuns: 2));
        harness.Fail(export.RunId, "AccessDenied (403)");
        harness.Complete(import.RunId, new ImportResult(import.RunId, 2, 1, 0, 1, 10, 0, 100, "report", RunStatus.PartiallySucceeded, "1 of 2 files failed"));

        var summary = await night.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((2, 0, 1, 1), (summary.Started, summary.Succeeded, summary.PartiallySucceeded, summary.Failed));
        Assert.Equal(RunStatus.PartiallySucceeded, summary.Status);
        Assert.Contains(summary.Failures, f => f.RunId == import.RunId && f.Reason == "partially succeeded: 1 of 2 files failed");
        Assert.Equal(1, harness.Statuses[^1].PartiallySucceeded);
    }

    [Fact]
    public void Status_EveryRunFailedOrNotFinished_FailedOrRunning()
    {
        var day = SchedulerHarness.Night;

        Assert.Equal(RunStatus.Failed, new NightSummary(day, 2, 2, 0, 2, 0, [], Finished: true).Status);
        Assert.Equal(RunStatus.PartiallySucceeded, new NightSummary(day, 2, 2, 0, 1, 1, [], Finished: true).Status);
        Assert.Equal(RunStatus.Succeeded, new NightSummary(day, 2, 2, 2, 0, 0, [], Finished: true).Status);
        Assert.Equal(RunStatus.Running, new NightSummary(day, 2, 2, 2, 0, 0, [], Finished: false).Status);
    }
}
