using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
using Orchestrator.Logging;
using Orchestrator.Options;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Counts one shard's users per attribute value and writes the counts to the snapshot store (not into the history).
/// At most <c>Import:MaxCountedValues</c> distinct values are kept per attribute; users with further values are summed
/// as "other". Re-running it writes the same rows again.
/// </summary>
public sealed class CountAttributeShardActivity(
    IAttributeStore store, IAttributeCountStore counts, IOptions<ImportOptions> options, ILogger<CountAttributeShardActivity> logger)
    : TaskActivity<AttributeShardInput, AttributeShardCount>
{
    public override async Task<AttributeShardCount> RunAsync(TaskActivityContext context, AttributeShardInput input)
    {
        int cap = options.Value.MaxCountedValues;
        var byAttribute = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        long users = 0;
        try
        {
            await foreach (var user in store.ReadShardAsync(input.TenantId, input.Shard, CancellationToken.None))
            {
                users++;
                foreach (var (name, value) in user.Values)
                {
                    if (!byAttribute.TryGetValue(name, out var values))
                    {
                        values = new Dictionary<string, long>(StringComparer.Ordinal);
                        byAttribute[name] = values;
                    }

                    string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    string key = values.ContainsKey(text) || values.Count < cap ? text : TableAttributeCountStore.OtherValues;
                    values[key] = values.GetValueOrDefault(key) + 1;
                }
            }

            await counts.WriteShardAsync(input.TenantId, input.CountId, input.Shard, byAttribute, CancellationToken.None);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Counting attribute shard {input.Shard} failed temporarily: {ex.Message}", ex);
        }

        Log.AttributeShardCounted(logger, input.Shard, users, byAttribute.Count);
        return new AttributeShardCount(users, [.. byAttribute.Keys.Order(StringComparer.Ordinal)]);
    }
}
