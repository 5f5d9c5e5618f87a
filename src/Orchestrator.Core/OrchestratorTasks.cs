using Microsoft.DurableTask;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Activities;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Nightly;
using Orchestrator.Nightly.Activities;
using Orchestrator.Validation.Activities;
using Orchestrator.Validation.Orchestrations;

namespace Orchestrator;

/// <summary>The one list of orchestrators and activities; both hosts register exactly these.</summary>
public static class OrchestratorTasks
{
    public static DurableTaskRegistry AddOrchestratorTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<ExportOrchestrator>();
        registry.AddActivity<ValidateDestinationActivity>();
        registry.AddActivity<BeginExportActivity>();
        registry.AddActivity<UploadPartActivity>();
        registry.AddActivity<CompleteExportActivity>();
        registry.AddActivity<WriteManifestActivity>();
        registry.AddActivity<AbortExportActivity>();
        registry.AddActivity<RecordRunActivity>();
        registry.AddOrchestrator<ValidateDestinationOrchestrator>();
        registry.AddActivity<DestinationCheckActivity>();
        registry.AddActivity<DeleteProbeActivity>();
        registry.AddOrchestrator<ImportOrchestrator>();
        registry.AddOrchestrator<NightlySchedulerOrchestrator>();
        registry.AddActivity<ListScheduledDestinationsActivity>();
        registry.AddActivity<FindDoneRunsActivity>();
        registry.AddActivity<RecordNightSummaryActivity>();
        registry.AddActivity<ListImportFilesActivity>();
        registry.AddActivity<CheckImportLedgerActivity>();
        registry.AddActivity<ImportChunkActivity>();
        registry.AddActivity<CompleteImportFileActivity>();
        registry.AddActivity<WriteImportErrorReportActivity>();
        return registry;
    }
}
