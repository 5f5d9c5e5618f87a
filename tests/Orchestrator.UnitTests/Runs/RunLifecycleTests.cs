using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Orchestrator.Errors;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;

namespace Orchestrator.UnitTests.Runs;

/// <summary>The one record-running / steps / record-outcome block every recorded run goes through.</summary>
public sealed class RunLifecycleTests
{
    private static readonly DateTime Started = new(2026, 11, 24, 2, 0, 0, DateTimeKind.Utc);

    private static readonly RunRecord Running = new()
    {
        TenantId = "acme",
        RunId = "export:acme:s3-main:sessions:2026-11-23",
        Kind = "export",
        DestinationId = "s3-main",
        Status = RunStatus.Running,
        StartedAt = Started,
    };

    private readonly Mock<TaskOrchestrationContext> context = new(MockBehavior.Strict);
    private readonly List<(RunRecord Record, TaskOptions? Options)> recorded = [];
    private readonly List<string> failures = [];
    private int recordFailuresLeft;

    public RunLifecycleTests()
    {
        this.context
            .Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == nameof(RecordRunActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, options) =>
            {
                this.recorded.Add((Assert.IsType<RunRecord>(input), options));
                return this.recordFailuresLeft-- > 0
                    ? Task.FromException<bool>(Failed<TransientStorageException>(nameof(RecordRunActivity), "table unavailable"))
                    : Task.FromResult(true);
            });
    }

    [Fact]
    public async Task RunAsync_StepsSucceed_RecordsRunningThenTheOutcomeAndReturnsTheResult()
    {
        var done = Running with { Status = RunStatus.Succeeded, Rows = 42, FinishedAt = Started.AddMinutes(1) };

        string result = await this.RunAsync(() => Task.FromResult(new RunOutcome<string>("exported", done)));

        Assert.Equal("exported", result);
        Assert.Equal([Running, done], this.recorded.Select(r => r.Record));
        Assert.Empty(this.failures);
    }

    [Fact]
    public async Task RunAsync_StepFailsPermanently_CleanUpGetsTheReasonTheFailureIsRecordedAndTheRunFailsWithIt()
    {
        var wrapped = new TaskFailedException(
            "UploadPartActivity",
            3,
            new TaskFailureDetails(
                "Microsoft.DurableTask.TaskFailedException",
                "Task 'UploadPartActivity' failed",
                null,
                new TaskFailureDetails(typeof(PermanentRunException).FullName!, "AccessDenied on s3://b/k: allow s3:PutObject", null, null, null),
                null));

        var error = await Assert.ThrowsAsync<PermanentRunException>(() => this.RunAsync(() => Task.FromException<RunOutcome<string>>(wrapped)));

        Assert.Equal("AccessDenied on s3://b/k: allow s3:PutObject", error.Message);
        Assert.Equal(["AccessDenied on s3://b/k: allow s3:PutObject"], this.failures);
        var last = this.recorded[^1].Record;
        Assert.Equal((RunStatus.Failed, "AccessDenied on s3://b/k: allow s3:PutObject"), (last.Status, last.Error));
        Assert.Equal(2, this.recorded.Count);
    }

    [Fact]
    public async Task RunAsync_OutcomeIsFailed_RecordsTheOutcomeThenFailsWithItsErrorWithoutCleanUp()
    {
        var failed = Running with { Status = RunStatus.Failed, Error = "No file could be imported: 2 of 2 failed." };

        var error = await Assert.ThrowsAsync<PermanentRunException>(() => this.RunAsync(() => Task.FromResult(new RunOutcome<string>("nothing", failed))));

        Assert.Equal("No file could be imported: 2 of 2 failed.", error.Message);
        Assert.Equal([Running, failed], this.recorded.Select(r => r.Record));
        Assert.Empty(this.failures);
    }

    [Fact]
    public async Task RunAsync_RecordingTheOutcomeAndTheFailureFail_TheRecordingsReasonFailsTheRunOnce()
    {
        var done = Running with { Status = RunStatus.Succeeded };

        var error = await Assert.ThrowsAsync<PermanentRunException>(() => this.RunAsync(
            () =>
            {
                this.recordFailuresLeft = 2; // the outcome's record and then the failure's record
                return Task.FromResult(new RunOutcome<string>("exported", done));
            }));

        Assert.Equal("table unavailable", error.Message);
        Assert.Equal(["table unavailable"], this.failures);
        Assert.Equal(3, this.recorded.Count);
    }

    [Fact]
    public async Task RunAsync_EveryRecordWrite_UsesTheRunRecordPolicy()
    {
        await Assert.ThrowsAsync<PermanentRunException>(() => this.RunAsync(
            () => Task.FromException<RunOutcome<string>>(Failed<PermanentRunException>("BeginExportActivity", "NoSuchBucket"))));

        Assert.Equal(2, this.recorded.Count);
        Assert.All(this.recorded, r => Assert.Same(RunRetryPolicies.RunRecords, r.Options?.Retry?.Policy));
    }

    private static TaskFailedException Failed<TException>(string activity, string message)
        where TException : Exception =>
        new(activity, 1, new TaskFailureDetails(typeof(TException).FullName!, message, null, null, null));

    private Task<string> RunAsync(Func<Task<RunOutcome<string>>> steps) =>
        RunLifecycle.RunAsync(
            this.context.Object,
            NullLogger.Instance,
            Running,
            steps,
            error =>
            {
                this.failures.Add(error);
                return Task.FromResult(Running with { Status = RunStatus.Failed, Error = error, FinishedAt = Started.AddMinutes(2) });
            });
}
