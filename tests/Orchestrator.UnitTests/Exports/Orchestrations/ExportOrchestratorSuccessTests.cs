using Orchestrator.Destinations.Activities;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;

namespace Orchestrator.UnitTests.Exports.Orchestrations;

/// <summary>The export orchestration's successful path, driven through a mocked orchestration context.</summary>
public sealed class ExportOrchestratorSuccessTests
{
    private readonly OrchestrationHarness harness = OrchestrationHarness.WithSuccessfulActivities();

    [Fact]
    public async Task RunAsync_FiveParts_UploadsEachPartOnceWithItsRange()
    {
        await this.harness.RunAsync();

        var uploads = this.harness.InputsOf<UploadPartInput>(nameof(UploadPartActivity)).OrderBy(p => p.PartNumber).ToList();
        Assert.Equal([1, 2, 3, 4, 5], uploads.Select(p => p.PartNumber));
        Assert.Equal([0L, 100, 200, 300, 400], uploads.Select(p => p.SourceOffset));
        Assert.Equal([100L, 100, 100, 100, 37], uploads.Select(p => p.SourceLength));
        Assert.Equal([false, false, false, false, true], uploads.Select(p => p.IsLastPart));
        Assert.All(uploads, p =>
        {
            Assert.Equal(OrchestrationHarness.Request, p.Request);
            Assert.Equal(OrchestrationHarness.Plan.Bucket, p.Bucket);
            Assert.Equal(OrchestrationHarness.Plan.ObjectKey, p.ObjectKey);
            Assert.Equal(OrchestrationHarness.Plan.UploadId, p.UploadId);
            Assert.Equal(OrchestrationHarness.Plan.Compression, p.Compression);
        });
    }

    [Fact]
    public async Task RunAsync_PartsCompleteOutOfOrder_BoundsFanOutAndCompletesWithPartsInOrder()
    {
        var pending = new List<(UploadPartInput Input, TaskCompletionSource<PartResult> Done)>();
        int inFlight = 0;
        int maxInFlight = 0;
        this.harness.OnActivity(nameof(UploadPartActivity), input =>
        {
            var done = new TaskCompletionSource<PartResult>();
            lock (pending)
            {
                pending.Add((Assert.IsType<UploadPartInput>(input), done));
                maxInFlight = Math.Max(maxInFlight, ++inFlight);
            }

            return done.Task;
        });

        var run = this.harness.RunAsync();
        var completionOrder = new List<int>();
        while (true)
        {
            // Complete the newest part first, so parts finish out of order.
            SpinWait.SpinUntil(() => run.IsCompleted || HasAny(pending), TimeSpan.FromSeconds(5));
            (UploadPartInput Input, TaskCompletionSource<PartResult> Done) next;
            lock (pending)
            {
                if (pending.Count == 0)
                {
                    break;
                }

                next = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                inFlight--;
            }

            completionOrder.Add(next.Input.PartNumber);
            next.Done.SetResult(OrchestrationHarness.Uploaded(next.Input));
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, maxInFlight);
        Assert.NotEqual([1, 2, 3, 4, 5], completionOrder);
        var complete = Assert.Single(this.harness.InputsOf<CompleteExportInput>(nameof(CompleteExportActivity)));
        Assert.Equal([1, 2, 3, 4, 5], complete.Parts.Select(p => p.PartNumber));
        Assert.Equal(["\"etag-1\"", "\"etag-2\"", "\"etag-3\"", "\"etag-4\"", "\"etag-5\""], complete.Parts.Select(p => p.ETag));
        Assert.Equal(OrchestrationHarness.Plan, complete.Plan);
        Assert.Equal(new ExportResult(OrchestrationHarness.InstanceId, OrchestrationHarness.Plan.Bucket, OrchestrationHarness.Plan.ObjectKey, OrchestrationHarness.Plan.ManifestKey, OrchestrationHarness.SourceLength, 4, 5, "AAAAAA=="), result);
    }

    [Fact]
    public async Task RunAsync_Success_CallsStepsInOrderAndRecordsRunningThenSucceeded()
    {
        await this.harness.RunAsync();

        Assert.Equal(
            [
                nameof(RecordRunActivity), nameof(ReadDestinationActivity), nameof(BeginExportActivity),
                nameof(UploadPartActivity), nameof(UploadPartActivity), nameof(UploadPartActivity), nameof(UploadPartActivity), nameof(UploadPartActivity),
                nameof(CompleteExportActivity), nameof(WriteManifestActivity), nameof(RecordRunActivity),
            ],
            this.harness.Calls.Select(c => c.Name));

        var records = this.harness.InputsOf<RunRecord>(nameof(RecordRunActivity)).ToList();
        Assert.Equal(RunStatus.Running, records[0].Status);
        Assert.Equal(OrchestrationHarness.InstanceId, records[0].RunId);
        Assert.Equal(new DateTimeOffset(OrchestrationHarness.Now), records[0].StartedAt);
        Assert.Null(records[0].FinishedAt);
        Assert.Equal(RunStatus.Succeeded, records[^1].Status);
        Assert.Equal((OrchestrationHarness.SourceLength, 4L, 5, OrchestrationHarness.Plan.ObjectKey), (records[^1].Bytes, records[^1].Rows, records[^1].Parts, records[^1].ObjectKey));
        Assert.Null(records[^1].Error);

        var manifest = Assert.Single(this.harness.InputsOf<ManifestInput>(nameof(WriteManifestActivity)));
        Assert.Equal(OrchestrationHarness.Published, manifest.Published);
        Assert.Equal(OrchestrationHarness.InstanceId, manifest.RunId);
    }

    [Fact]
    public async Task RunAsync_Success_ReportsProgressEndingCompletedWithAllBytes()
    {
        await this.harness.RunAsync();

        var statuses = this.harness.Statuses;
        var last = statuses[^1];
        Assert.Equal(ExportPhases.Completed, last.Phase);
        Assert.Equal((5, 5), (last.PartsDone, last.PartsTotal));
        Assert.Equal(OrchestrationHarness.SourceLength, last.BytesTotal);
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.Equal(100, last.Percent);

        var uploading = statuses.Where(s => s.Phase == ExportPhases.Uploading).Select(s => s.BytesDone).ToList();
        Assert.Equal([0L, 100, 200, 300, 400, OrchestrationHarness.SourceLength], uploading);
        Assert.Equal(ExportPhases.Validating, statuses[0].Phase);
    }

    private static bool HasAny<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count > 0;
        }
    }
}
