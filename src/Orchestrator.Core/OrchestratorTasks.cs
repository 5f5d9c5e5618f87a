using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations.Activities;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Activities;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Logging;
using Orchestrator.Nightly;
using Orchestrator.Nightly.Activities;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;
using Orchestrator.Validation.Activities;
using Orchestrator.Validation.Orchestrations;

namespace Orchestrator;

/// <summary>
/// The one list of orchestrators and activities; both hosts register exactly these, each under its class name and
/// wrapped in its <see cref="RunLogScope"/> so that every log line of a run carries its run id, tenant and destination.
/// </summary>
public static class OrchestratorTasks
{
    public static DurableTaskRegistry AddOrchestratorTasks(this DurableTaskRegistry registry)
    {
        registry.AddScopedOrchestrator<ExportOrchestrator>();
        registry.AddScopedActivity<ReadDestinationActivity>();
        registry.AddScopedActivity<BeginExportActivity>();
        registry.AddScopedActivity<UploadPartActivity>();
        registry.AddScopedActivity<CompleteExportActivity>();
        registry.AddScopedActivity<WriteManifestActivity>();
        registry.AddScopedActivity<AbortExportActivity>();
        registry.AddScopedActivity<ReadPreviousRunActivity>();
        registry.AddScopedActivity<ScanRangeActivity>();
        registry.AddScopedActivity<WriteFileActivity>();
        registry.AddScopedActivity<RemoveStaleFilesActivity>();
        registry.AddScopedActivity<RecordRunActivity>();
        registry.AddScopedOrchestrator<ValidateDestinationOrchestrator>();
        registry.AddScopedActivity<DestinationCheckActivity>();
        registry.AddScopedActivity<DeleteProbeActivity>();
        registry.AddScopedOrchestrator<ImportOrchestrator>();
        registry.AddScopedOrchestrator<NightlySchedulerOrchestrator>();
        registry.AddScopedActivity<ListScheduledDestinationsActivity>();
        registry.AddScopedActivity<FindDoneRunsActivity>();
        registry.AddScopedActivity<RecordNightSummaryActivity>();
        registry.AddScopedActivity<ListImportFilesActivity>();
        registry.AddScopedActivity<CheckImportLedgerActivity>();
        registry.AddScopedActivity<ImportChunkActivity>();
        registry.AddScopedActivity<CompleteImportFileActivity>();
        registry.AddScopedActivity<WriteImportErrorReportActivity>();
        registry.AddScopedActivity<PlanMirrorActivity>();
        registry.AddScopedActivity<MirrorSweepActivity>();
        registry.AddScopedActivity<Retention.Activities.ApplyRetentionActivity>();
        registry.AddScopedOrchestrator<Imports.Counts.AttributeCountOrchestrator>();
        registry.AddScopedActivity<Imports.Counts.ReadAttributeCountStateActivity>();
        registry.AddScopedActivity<Imports.Counts.MarkAttributeCountsDirtyActivity>();
        registry.AddScopedActivity<Imports.Counts.CountAttributeShardActivity>();
        registry.AddScopedActivity<Imports.Counts.PublishAttributeCountsActivity>();
        return registry;
    }

    private static void AddScopedOrchestrator<TOrchestrator>(this DurableTaskRegistry registry)
        where TOrchestrator : class, ITaskOrchestrator, new()
    {
        string name = typeof(TOrchestrator).Name;
        registry.AddOrchestrator(name, () => new LogScopedOrchestrator(new TOrchestrator(), name));
    }

    private static void AddScopedActivity<TActivity>(this DurableTaskRegistry registry)
        where TActivity : class, ITaskActivity
    {
        registry.AddActivity(typeof(TActivity).Name, services => new LogScopedActivity(
            ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(services),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<TActivity>(),
            services.GetService<IRunExecutionStore>()));
    }
}
