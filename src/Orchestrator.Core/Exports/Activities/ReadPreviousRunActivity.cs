using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Exports.Models;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Step 0: the record of the same report-day's previous run (the run id is the same), read before this run replaces
/// it, so that the run knows which objects its predecessor wrote (and may remove the ones it no longer produces).
/// </summary>
public sealed class ReadPreviousRunActivity(IRunStore runs) : TaskActivity<ExportRequest, RunRecord?>
{
    public override async Task<RunRecord?> RunAsync(TaskActivityContext context, ExportRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var record = await runs.GetAsync(input.TenantId, context.InstanceId, CancellationToken.None);
            return record is { Status: RunStatus.Succeeded } ? record : null;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading the previous record of run '{context.InstanceId}' failed temporarily: {ex.Message}", ex);
        }
    }
}
