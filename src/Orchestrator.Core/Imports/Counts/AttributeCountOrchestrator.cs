using System.Globalization;
using Microsoft.DurableTask;
using Orchestrator.Runs;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Computes a tenant's counts snapshot: one <see cref="CountAttributeShardActivity"/> per shard (and one for the users
/// still in the legacy partition), all at once, then <see cref="PublishAttributeCountsActivity"/> makes it the served
/// snapshot with its as-of time. Runs after every import (as its sub-orchestration) and on request (recount route and
/// CLI). Returns the count's id.
/// </summary>
public sealed class AttributeCountOrchestrator : TaskOrchestrator<AttributeCountRequest, string>
{
    /// <summary>The instance id prefix of counts started on request.</summary>
    public const string InstancePrefix = "attribute-counts:";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, AttributeCountRequest input)
    {
        var options = RunRetryPolicies.ForImports;
        DateTime asOf = context.CurrentUtcDateTime;
        string countId = asOf.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
        int shards = await context.CallActivityAsync<int>(nameof(ReadAttributeShardsActivity), input, options);

        // Shards 0..n-1, and n for the legacy partition (empty once rebalanced).
        var counted = await Task.WhenAll(Enumerable.Range(0, shards + 1).Select(shard =>
            context.CallActivityAsync<AttributeShardCount>(nameof(CountAttributeShardActivity), new AttributeShardInput(input.TenantId, countId, shard), options)));

        var attributes = counted.SelectMany(c => c.Attributes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await context.CallActivityAsync<bool>(
            nameof(PublishAttributeCountsActivity), new PublishAttributeCountsInput(input.TenantId, countId, asOf, counted.Sum(c => c.Users), attributes), options);
        return countId;
    }

    /// <summary>The instance id of a count requested at <paramref name="requestedAt"/> (one per tenant and second).</summary>
    public static string InstanceId(string tenantId, DateTimeOffset requestedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix}{tenantId}:{requestedAt.UtcDateTime:yyyyMMddHHmmss}");
}
