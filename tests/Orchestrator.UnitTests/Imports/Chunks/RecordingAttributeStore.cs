using Orchestrator.Imports.Attributes;

namespace Orchestrator.UnitTests.Imports.Chunks;

/// <summary>
/// An in-memory attribute store that records each call's rows in order. Rows whose user id starts with "bad" fail
/// with a reason; while <see cref="Gate"/> is set, a call waits for it, so a test can hold a call in flight.
/// </summary>
internal sealed class RecordingAttributeStore : IAttributeStore
{
    private int inFlight;

    public List<IReadOnlyList<UserAttributes>> Calls { get; } = [];

    public int ShardCount => 1;

    /// <summary>Users handed to <see cref="DeleteAsync"/>, in order.</summary>
    public List<string> Deleted { get; } = [];

    public Task<long> DeleteAsync(string tenantId, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        this.Deleted.AddRange(userIds);
        return Task.FromResult((long)userIds.Count);
    }

    public Task<(long Users, long Unseen)> CountSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<long> SweepSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public int MaxInFlight { get; private set; }

    public TaskCompletionSource? Gate { get; set; }

    public async Task<IReadOnlyList<(UserAttributes Row, string Reason)>> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, CancellationToken cancellationToken)
    {
        this.MaxInFlight = Math.Max(this.MaxInFlight, Interlocked.Increment(ref this.inFlight));
        try
        {
            this.Calls.Add(rows);
            if (this.Gate is { } gate)
            {
                await gate.Task;
            }

            return [.. rows.Where(r => r.UserId.StartsWith("bad", StringComparison.Ordinal)).Select(r => (r, "refused by the store"))];
        }
        finally
        {
            Interlocked.Decrement(ref this.inFlight);
        }
    }

    public Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<UserAttributes> ReadShardAsync(string tenantId, int shard, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<int> RebalanceAsync(string tenantId, int maxUsers, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
