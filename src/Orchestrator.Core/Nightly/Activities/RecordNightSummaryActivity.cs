using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly.Activities;

/// <summary>Stores the night's summary (after every page, so a long night shows its progress).</summary>
public sealed class RecordNightSummaryActivity(INightStore nights) : TaskActivity<NightSummary, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, NightSummary input)
    {
        try
        {
            await nights.UpsertAsync(input, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Recording the night failed temporarily: {ex.Message}", ex);
        }
    }
}
