using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Removes one shard's users of the run's source that the run did not write (no run mark), each only if unchanged
/// since read. Idempotent and resumable: a retry or a resumed run finds the removed ones gone and does not count them.
/// </summary>
public sealed class MirrorSweepActivity(IAttributeStore store, ILogger<MirrorSweepActivity> logger) : TaskActivity<MirrorInput, long>
{
    public override async Task<long> RunAsync(TaskActivityContext context, MirrorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            long deleted = await store.SweepSourceAsync(input.Request.TenantId, input.Shard, input.Request.DestinationId, input.Mark, CancellationToken.None);
            Log.MirrorShardSwept(logger, input.Shard, deleted);
            return deleted;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"The mirror's sweep of shard {input.Shard} failed temporarily: {ex.Message}", ex);
        }
    }
}
