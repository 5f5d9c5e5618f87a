using Azure.Data.Tables;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// Reads a tenant's attribute rows straight from the table, whatever partitions hold them: its shards
/// (<c>{tenant}~{shard}</c>) and its legacy partition (PartitionKey = tenant). An independent reader of the store.
/// </summary>
internal static class AttributeRows
{
    /// <summary>Every row of <paramref name="tenant"/> in the Attributes table (its shards, then its legacy partition).</summary>
    public static IAsyncEnumerable<TableEntity> OfTenantAsync(TableClient table, string tenant, IEnumerable<string>? select = null)
    {
        ArgumentNullException.ThrowIfNull(table);

        // '~' is 0x7E and tenant ids hold only letters, digits, '-' and '_': [tenant~, tenant\x7F) is exactly its shards.
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} or (PartitionKey ge {tenant + "~"} and PartitionKey lt {tenant + "\u007f"})");
        return table.QueryAsync<TableEntity>(filter, select: select);
    }
}
