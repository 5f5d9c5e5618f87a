using Orchestrator.Destinations.Activities;
using Orchestrator.Exports.Activities;
using Orchestrator.Retention.Activities;
using Orchestrator.Retention.Models;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;

namespace Orchestrator.UnitTests.Exports.Orchestrations;

/// <summary>The export's retention step: only for destinations with retentionDays, after the manifest, never failing the export.</summary>
public sealed class ExportOrchestratorRetentionTests
{
    private static readonly Orchestrator.Domain.Destination WithRetention = OrchestrationHarness.Destination with { RetentionDays = 30 };

    [Fact]
    public async Task RunAsync_NoRetentionDays_NeverCallsTheRetentionStep()
    {
        var harness = OrchestrationHarness.WithSuccessfulActivities();

        await harness.RunAsync();

        Assert.DoesNotContain(harness.Calls, c => c.Name == nameof(ApplyRetentionActivity));
        var record = harness.InputsOf<RunRecord>(nameof(RecordRunActivity)).Last();
        Assert.Equal("\"abc-5\"", record.ObjectETag);
        Assert.Equal("\"manifest-etag\"", record.ManifestETag);
        Assert.Equal(OrchestrationHarness.Plan.ManifestKey, record.ManifestKey);
        Assert.Equal(OrchestrationHarness.Plan.Bucket, record.Bucket);
    }

    [Fact]
    public async Task RunAsync_RetentionDays_RunsRetentionAfterTheManifestAtOrchestrationTimeAndRecordsDeletions()
    {
        var harness = OrchestrationHarness.WithSuccessfulActivities();
        harness.OnActivity(nameof(ReadDestinationActivity), WithRetention);
        harness.OnActivity(nameof(ApplyRetentionActivity), new RetentionOutcome(["a/old.csv", "a/_manifest.json"], 1));

        await harness.RunAsync();

        var names = harness.Calls.Select(c => c.Name).ToList();
        Assert.Equal(names.IndexOf(nameof(WriteManifestActivity)) + 1, names.IndexOf(nameof(ApplyRetentionActivity)));
        var input = Assert.Single(harness.InputsOf<RetentionInput>(nameof(ApplyRetentionActivity)));
        Assert.Equal(WithRetention, input.Destination);
        Assert.Equal(OrchestrationHarness.Now, input.Now.UtcDateTime);
        var record = harness.InputsOf<RunRecord>(nameof(RecordRunActivity)).Last();
        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(2, record.RetentionDeleted);
        Assert.Equal("a/old.csv\na/_manifest.json", record.RetentionDeletedKeys);
    }

    [Fact]
    public async Task RunAsync_RetentionStepFails_ExportStillSucceeds()
    {
        var harness = OrchestrationHarness.WithSuccessfulActivities();
        harness.OnActivity(nameof(ReadDestinationActivity), WithRetention);
        harness.OnActivityFails<RetentionOutcome>(nameof(ApplyRetentionActivity), "DeleteObject denied");

        var result = await harness.RunAsync();

        Assert.Equal(OrchestrationHarness.Plan.ObjectKey, result.ObjectKey);
        var record = harness.InputsOf<RunRecord>(nameof(RecordRunActivity)).Last();
        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(0, record.RetentionDeleted);
    }
}
