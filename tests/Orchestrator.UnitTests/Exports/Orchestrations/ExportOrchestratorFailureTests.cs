using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Destinations.Activities;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;

namespace Orchestrator.UnitTests.Exports.Orchestrations;

/// <summary>The export orchestration's failure handling: abort once the upload began, record the failure, rethrow.</summary>
public sealed class ExportOrchestratorFailureTests
{
    private readonly OrchestrationHarness harness = OrchestrationHarness.WithSuccessfulActivities();

    [Fact]
    public async Task RunAsync_PartFailsPermanently_AbortsUploadRecordsFailureAndThrows()
    {
        this.harness.OnActivity(nameof(UploadPartActivity), input =>
        {
            var part = Assert.IsType<UploadPartInput>(input);
            return part.PartNumber == 2
                ? Task.FromException<PartResult>(OrchestrationHarness.Failed<PermanentRunException>(nameof(UploadPartActivity), "denied"))
                : Task.FromResult(OrchestrationHarness.Uploaded(part));
        });

        var error = await Assert.ThrowsAsync<PermanentRunException>(this.harness.RunAsync);

        Assert.Equal("denied", error.Message);
        var abort = Assert.Single(this.harness.InputsOf<AbortExportInput>(nameof(AbortExportActivity)));
        Assert.Equal(new AbortExportInput(OrchestrationHarness.Request, OrchestrationHarness.Destination, OrchestrationHarness.Plan.Bucket, OrchestrationHarness.Plan.ObjectKey, OrchestrationHarness.Plan.UploadId), abort);
        Assert.Empty(this.harness.InputsOf<CompleteExportInput>(nameof(CompleteExportActivity)));
        Assert.Empty(this.harness.InputsOf<ManifestInput>(nameof(WriteManifestActivity)));
        AssertFailureRecordedLast("denied");
        Assert.Equal(ExportPhases.Failed, this.harness.Statuses[^1].Phase);
    }

    [Fact]
    public async Task RunAsync_PartFailsWhileAnotherIsInFlight_AbortsOnlyAfterItSettles()
    {
        var slow = new TaskCompletionSource<PartResult>();
        this.harness.OnActivity(nameof(UploadPartActivity), input => Assert.IsType<UploadPartInput>(input).PartNumber == 1
            ? slow.Task
            : Task.FromException<PartResult>(OrchestrationHarness.Failed<PermanentRunException>(nameof(UploadPartActivity), "denied")));

        var run = this.harness.RunAsync();

        Assert.False(run.IsCompleted);
        Assert.Empty(this.harness.InputsOf<AbortExportInput>(nameof(AbortExportActivity)));
        slow.SetException(OrchestrationHarness.Failed<TransientStorageException>(nameof(UploadPartActivity), "slow part failed too"));
        var error = await Assert.ThrowsAsync<PermanentRunException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("denied", error.Message);
        Assert.Single(this.harness.InputsOf<AbortExportInput>(nameof(AbortExportActivity)));
        AssertFailureRecordedLast("denied");
    }

    [Fact]
    public async Task RunAsync_AbortFails_StillRecordsOriginalFailure()
    {
        this.harness.OnActivityFails<PartResult>(nameof(UploadPartActivity), "denied");
        this.harness.OnActivityFails<bool>(nameof(AbortExportActivity), "abort denied");

        var error = await Assert.ThrowsAsync<PermanentRunException>(this.harness.RunAsync);

        Assert.Equal("denied", error.Message);
        AssertFailureRecordedLast("denied");
    }

    [Fact]
    public async Task RunAsync_ValidationFails_RecordsFailureWithoutBeginningOrAborting()
    {
        this.harness.OnActivityFails<Destination>(nameof(ReadDestinationActivity), "bucket must be lower-case");

        var error = await Assert.ThrowsAsync<PermanentRunException>(this.harness.RunAsync);

        Assert.Equal("bucket must be lower-case", error.Message);
        Assert.Equal(
            [nameof(RecordRunActivity), nameof(ReadDestinationActivity), nameof(RecordRunActivity)],
            this.harness.Calls.Select(c => c.Name));
        AssertFailureRecordedLast("bucket must be lower-case");
        Assert.Equal(new ExportProgress(ExportPhases.Failed, 0, 0, 0, 0), this.harness.Statuses[^1]);
    }

    private void AssertFailureRecordedLast(string error)
    {
        var calls = this.harness.Calls;
        Assert.Equal(nameof(RecordRunActivity), calls[^1].Name);
        var record = Assert.IsType<RunRecord>(calls[^1].Input);
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Equal(error, record.Error);
        Assert.Equal(new DateTimeOffset(OrchestrationHarness.Now), record.FinishedAt);
        Assert.Equal(RunStatus.Running, this.harness.InputsOf<RunRecord>(nameof(RecordRunActivity)).First().Status);
    }
}
