using Azure;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.IntegrationTests.Infrastructure.Faults;

/// <summary>
/// The real attribute store with one injected fault: the <paramref name="failOnCall"/>-th upsert call answers 503
/// ServerBusy (as Azure does under load) without storing anything. Counts every row handed to it, so a test can tell
/// a resume from a checkpoint from a restart at the top of the file.
/// </summary>
public sealed class FailingAttributeStore(IAttributeStore inner, int failOnCall) : IAttributeStore
{
    private int calls;
    private long rowsHanded;

    /// <summary>Rows handed to the store over all calls, the failed one included.</summary>
    public long RowsHanded => Interlocked.Read(ref this.rowsHanded);

    public async Task<UpsertOutcome> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, string writeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Interlocked.Add(ref this.rowsHanded, rows.Count);
        if (Interlocked.Increment(ref this.calls) == failOnCall)
        {
            throw new RequestFailedException(503, "The server is busy (injected).", "ServerBusy", null);
        }

        return await inner.UpsertAsync(tenantId, rows, writeId, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, userId, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken) =>
        inner.CountByValueAsync(tenantId, attribute, cancellationToken);

    public int ShardCount => inner.ShardCount;

    public Task<long> DeleteAsync(string tenantId, IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        inner.DeleteAsync(tenantId, userIds, cancellationToken);

    public Task<(long Users, long Unseen)> CountSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken) =>
        inner.CountSourceAsync(tenantId, shard, sourceId, keepMark, cancellationToken);

    /// <summary>Shard sweeps of a mirror still to fail (permanently, as a worker dying mid-sweep leaves the run) before sweeps pass through.</summary>
    public int SweepsToFail { get; set; }

    public Task<long> SweepSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken)
    {
        lock (this)
        {
            if (this.SweepsToFail > 0)
            {
                this.SweepsToFail--;
                throw new InvalidOperationException("The sweep failed (injected).");
            }
        }

        return inner.SweepSourceAsync(tenantId, shard, sourceId, keepMark, cancellationToken);
    }

    public IAsyncEnumerable<UserAttributes> ReadShardAsync(string tenantId, int shard, CancellationToken cancellationToken) =>
        inner.ReadShardAsync(tenantId, shard, cancellationToken);

    public Task<int> RebalanceAsync(string tenantId, int maxUsers, CancellationToken cancellationToken) =>
        inner.RebalanceAsync(tenantId, maxUsers, cancellationToken);
}
