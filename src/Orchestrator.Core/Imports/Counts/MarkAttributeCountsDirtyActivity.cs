using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Imports.Models;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Marks the tenant's counts dirty after an import changed its attributes: one small conditional write raising the
/// dirty generation (the snapshot is served as stale until a count covers it). Returns the new generation. A rerun
/// raises it again, which costs at most one more count, never a wrong one.
/// </summary>
public sealed class MarkAttributeCountsDirtyActivity(IAttributeCountStore counts, TimeProvider time, ILogger<MarkAttributeCountsDirtyActivity> logger)
    : TaskActivity<ImportRequest, long>
{
    public override async Task<long> RunAsync(TaskActivityContext context, ImportRequest input)
    {
        try
        {
            long generation = await counts.MarkDirtyAsync(input.TenantId, time.GetUtcNow().UtcDateTime, CancellationToken.None);
            Log.AttributeCountsMarkedDirty(logger, generation);
            return generation;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Marking the attribute counts dirty failed temporarily: {ex.Message}", ex);
        }
    }
}
