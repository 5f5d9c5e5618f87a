using Azure;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The attribute store of the gzip part's runner host: the real <see cref="TableAttributeStore"/>, counting the rows
/// handed to it, and (when armed) failing one call with 503 ServerBusy as if the store had given up on a throttled
/// batch, so that the chunk activity is retried by the orchestration and resumes from its checkpoint.
/// </summary>
internal sealed class FlakyAttributeStore(IAttributeStore inner) : IAttributeStore
{
    private int calls;
    private int failOnCall;
    private long rowsHanded;

    public long RowsHanded => Interlocked.Read(ref this.rowsHanded);

    public int ShardCount => inner.ShardCount;

    /// <summary>Starts counting again; the <paramref name="failOnCall"/>th upsert from now fails once (0: none).</summary>
    public void Arm(int failOnCall)
    {
        Interlocked.Exchange(ref this.calls, 0);
        Interlocked.Exchange(ref this.rowsHanded, 0);
        Volatile.Write(ref this.failOnCall, failOnCall);
    }

    public async Task<UpsertOutcome> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, string writeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Interlocked.Add(ref this.rowsHanded, rows.Count);
        int fail = Volatile.Read(ref this.failOnCall);
        if (Interlocked.Increment(ref this.calls) == fail && fail > 0)
        {
            throw new RequestFailedException(503, "The server is busy (injected by the benchmark).", "ServerBusy", null);
        }

        return await inner.UpsertAsync(tenantId, rows, writeId, cancellationToken);
    }

    public Task<long> DeleteAsync(string tenantId, IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        inner.DeleteAsync(tenantId, userIds, cancellationToken);

    public Task<(long Users, long Unseen)> CountSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken) =>
        inner.CountSourceAsync(tenantId, shard, sourceId, keepMark, cancellationToken);

    public Task<long> SweepSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken) =>
        inner.SweepSourceAsync(tenantId, shard, sourceId, keepMark, cancellationToken);

    public Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, userId, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken) =>
        inner.CountByValueAsync(tenantId, attribute, cancellationToken);

    public IAsyncEnumerable<UserAttributes> ReadShardAsync(string tenantId, int shard, CancellationToken cancellationToken) =>
        inner.ReadShardAsync(tenantId, shard, cancellationToken);

    public Task<int> RebalanceAsync(string tenantId, int maxUsers, CancellationToken cancellationToken) =>
        inner.RebalanceAsync(tenantId, maxUsers, cancellationToken);
}
