namespace Orchestrator.Imports.Counts;

/// <summary>
/// The counts snapshot: per tenant, users per attribute value, computed by <see cref="AttributeCountOrchestrator"/>
/// (one activity per shard) and published at once. Reading one attribute's counts costs O(distinct values).
/// </summary>
public interface IAttributeCountStore
{
    /// <summary>Writes one shard's counts (attribute -> value -> users) under the count <paramref name="countId"/>. Idempotent.</summary>
    Task WriteShardAsync(string tenantId, string countId, int shard, IReadOnlyDictionary<string, Dictionary<string, long>> counts, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="countId"/> the served snapshot unless a newer one already is (then returns that one's id), and
    /// removes the snapshot it replaces. The snapshot covers the changes marked up to <paramref name="generation"/>.
    /// Returns null when <paramref name="countId"/> is now served.
    /// </summary>
    Task<string?> PublishAsync(
        string tenantId, string countId, DateTime asOf, long users, IReadOnlyCollection<string> attributes, long generation, CancellationToken cancellationToken);

    /// <summary>Raises the tenant's dirty generation (its attributes changed at <paramref name="at"/>) and returns it.</summary>
    Task<long> MarkDirtyAsync(string tenantId, DateTime at, CancellationToken cancellationToken);

    /// <summary>The tenant's dirty and counted generations (<see cref="AttributeCountState.Shards"/> is 0 here).</summary>
    Task<AttributeCountState> GetStateAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The served snapshot's counts of <paramref name="attribute"/>, or null when the tenant has no snapshot yet.</summary>
    Task<AttributeCountSnapshot?> GetAsync(string tenantId, string attribute, int maxValues, CancellationToken cancellationToken);
}
