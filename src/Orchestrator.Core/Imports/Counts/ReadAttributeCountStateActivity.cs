using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// The tenant's count state (dirty and counted generations) and the store's shard count (configuration is read in an
/// activity, never in an orchestrator). One entity read.
/// </summary>
public sealed class ReadAttributeCountStateActivity(IAttributeStore store, IAttributeCountStore counts) : TaskActivity<AttributeCountRequest, AttributeCountState>
{
    public override async Task<AttributeCountState> RunAsync(TaskActivityContext context, AttributeCountRequest input)
    {
        try
        {
            var generations = await counts.GetStateAsync(input.TenantId, CancellationToken.None);
            return generations with { Shards = store.ShardCount };
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading the attribute count state failed temporarily: {ex.Message}", ex);
        }
    }
}
