using System.IO.Hashing;
using System.Text;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// The one place that knows which Table partition holds a user's attributes. A tenant's users are spread over
/// <c>shardCount</c> partitions <c>{tenant}~{shard}</c>, the shard a stable hash of the user id (XxHash64 of its UTF-8
/// bytes, mapped by jump consistent hashing, so changing the shard count moves only the users that must move), so a
/// tenant's import is limited by the account's scalability target, not by one partition's. Data written before sharding
/// sits in the tenant's legacy partition (<see cref="LegacyPartitionOf"/>, PartitionKey = tenant) until
/// <c>attributes rebalance</c> moves it. Tenant ids hold no '~' (<see cref="Domain.Identifiers.IsValidId"/>), so the
/// partitions of two tenants never meet.
/// </summary>
public static class AttributeShards
{
    /// <summary>Separates the tenant from the shard number in a partition key.</summary>
    public const char Separator = '~';

    /// <summary>The default number of partitions per tenant (<c>Import:AttributeShards</c>).</summary>
    public const int DefaultCount = 16;

    /// <summary>The largest shard count accepted.</summary>
    public const int MaxCount = 1024;

    /// <summary>The shard of <paramref name="userId"/> among <paramref name="shardCount"/>: stable across processes and releases.</summary>
    public static int ShardOf(string userId, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        int length = Encoding.UTF8.GetMaxByteCount(userId.Length);
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = Encoding.UTF8.GetBytes(userId, rented);
            return JumpHash(XxHash64.HashToUInt64(rented.AsSpan(0, written)), shardCount);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The partition key of <paramref name="userId"/>'s attributes in <paramref name="tenantId"/>.</summary>
    public static string PartitionKeyOf(string tenantId, string userId, int shardCount) =>
        PartitionOfShard(tenantId, ShardOf(userId, shardCount));

    /// <summary>The partition key of shard <paramref name="shard"/> of <paramref name="tenantId"/>.</summary>
    public static string PartitionOfShard(string tenantId, int shard)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{tenantId}{Separator}{shard}");
    }

    /// <summary>Every partition of <paramref name="tenantId"/>'s sharded attributes, shard 0 first (the legacy partition not included).</summary>
    public static IReadOnlyList<string> PartitionsOf(string tenantId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var partitions = new string[shardCount];
        for (int shard = 0; shard < shardCount; shard++)
        {
            partitions[shard] = PartitionOfShard(tenantId, shard);
        }

        return partitions;
    }

    /// <summary>The partition that held all of a tenant's attributes before sharding: read as a fallback until rebalanced.</summary>
    public static string LegacyPartitionOf(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return tenantId;
    }

    /// <summary>Jump consistent hash (Lamping and Veach, 2014): growing n buckets to n+1 moves only 1/(n+1) of the keys.</summary>
    private static int JumpHash(ulong key, int buckets)
    {
        long b = -1;
        long j = 0;
        while (j < buckets)
        {
            b = j;
            key = (key * 2862933555777941757UL) + 1;
            j = (long)((b + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }

        return (int)b;
    }
}
