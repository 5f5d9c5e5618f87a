using Azure.Data.Tables;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Benchmarks;

/// <summary>Counts a tenant's stored rows, partition by partition (read straight from Azurite, not through a proxy).</summary>
internal static class StoredRows
{
    public static async Task<long> CountAsync(TableClient table, string tenant, int shards)
    {
        long count = 0;
        foreach (string partition in AttributeShards.PartitionsOf(tenant, shards))
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000, select: ["RowKey"]))
            {
                count++;
            }
        }

        return count;
    }
}
