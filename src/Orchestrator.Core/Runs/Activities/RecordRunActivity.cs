using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Telemetry;

namespace Orchestrator.Runs.Activities;

/// <summary>The first and last step of every recorded run (export, import): upsert the run record in Table Storage.</summary>
public sealed class RecordRunActivity(IRunStore runs) : TaskActivity<RunRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RunRecord input)
    {
        try
        {
            using var trace = OrchestratorMetrics.Source.StartActivity("RecordRun");
            trace?.SetTag("run.id", input.RunId).SetTag("run.kind", input.Kind).SetTag("run.status", input.Status.ToString());
            await runs.UpsertAsync(input, CancellationToken.None);
            OrchestratorMetrics.Record(input);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Recording run '{input.RunId}' failed temporarily: {ex.Message}", ex);
        }
    }
}
