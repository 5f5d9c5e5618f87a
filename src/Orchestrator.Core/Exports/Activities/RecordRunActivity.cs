using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Activities;

/// <summary>Step 6 (and the first step too): upsert the run record in Table Storage.</summary>
public sealed class RecordRunActivity(IRunStore runs) : TaskActivity<RunRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RunRecord input)
    {
        try
        {
            await runs.UpsertAsync(input, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Recording run '{input.RunId}' failed temporarily: {ex.Message}", ex);
        }
    }
}
