namespace Orchestrator.Imports.Attributes;

/// <summary>
/// The attribute store: per tenant, per user, merged (attributes not in a file are kept). A tenant's users are spread
/// over shards (<see cref="AttributeShards"/>).
/// </summary>
public interface IAttributeStore
{
    /// <summary>The number of shards each tenant's users are spread over.</summary>
    int ShardCount { get; }

    /// <summary>
    /// Merges the rows in batch transactions; returns the rows that could not be stored, with the reason, and how many
    /// users the call created. <paramref name="writeId"/> names this write and must be the same when the same rows are
    /// written again after a failure (a retried chunk, a gzip file resumed from its checkpoint): a user created by an
    /// earlier attempt of the write is then still counted as inserted, never as updated or twice.
    /// </summary>
    Task<UpsertOutcome> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, string writeId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the users (from their shard and the legacy partition); returns how many existed and were removed. A user
    /// already gone is not counted, so a rerun never counts one twice.
    /// </summary>
    Task<long> DeleteAsync(string tenantId, IReadOnlyList<string> userIds, CancellationToken cancellationToken);

    /// <summary>
    /// In one shard, the users last written by <paramref name="sourceId"/>, and how many of them lack the run mark
    /// <paramref name="keepMark"/> (what a mirror run would remove).
    /// </summary>
    Task<(long Users, long Unseen)> CountSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken);

    /// <summary>
    /// Removes one shard's users of <paramref name="sourceId"/> that lack the mark <paramref name="keepMark"/>, each only if
    /// unchanged since it was read (a concurrent write wins). Returns how many it removed. Resumable: run it again.
    /// </summary>
    Task<long> SweepSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// How many users have <paramref name="attribute"/> equal to each value, by a full scan of every shard (the recount
    /// behind the counts snapshot and its proof; the API serves the snapshot).
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken);

    /// <summary>
    /// Every user's attributes in one shard, as stored: <paramref name="shard"/> from 0 to <see cref="ShardCount"/> - 1,
    /// or <see cref="ShardCount"/> for the users still only in the legacy partition (not yet rebalanced).
    /// </summary>
    IAsyncEnumerable<UserAttributes> ReadShardAsync(string tenantId, int shard, CancellationToken cancellationToken);

    /// <summary>
    /// Moves up to <paramref name="maxUsers"/> users of the tenant's legacy partition (data written before sharding)
    /// into their shards, merged under what the shards already hold (newer); returns how many moved. Idempotent and
    /// resumable: a user is removed from the legacy partition only after its shard row holds it.
    /// </summary>
    Task<int> RebalanceAsync(string tenantId, int maxUsers, CancellationToken cancellationToken);
}
