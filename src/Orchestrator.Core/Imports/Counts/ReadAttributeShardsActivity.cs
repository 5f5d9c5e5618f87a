using Microsoft.DurableTask;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Imports.Counts;

/// <summary>The shard count of the attribute store (configuration is read in an activity, never in an orchestrator).</summary>
public sealed class ReadAttributeShardsActivity(IAttributeStore store) : TaskActivity<AttributeCountRequest, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, AttributeCountRequest input) => Task.FromResult(store.ShardCount);
}
