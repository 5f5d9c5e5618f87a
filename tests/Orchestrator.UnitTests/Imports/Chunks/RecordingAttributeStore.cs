using Orchestrator.Imports.Attributes;

namespace Orchestrator.UnitTests.Imports.Chunks;

/// <summary>
/// An in-memory attribute store that records each call's rows in order. Rows whose user id starts with "bad" fail
/// with a reason; while <see cref="Gate"/> is set, a call waits for it, so a test can hold a call in flight. A user
/// counts as inserted the first time a call stores it (or again under the same write id), as the table store counts.
/// </summary>
internal sealed class RecordingAttributeStore : IAttributeStore
{
    private int inFlight;

    public List<IReadOnlyList<UserAttributes>> Calls { get; } = [];

    /// <summary>The write id of each call, in order.</summary>
    public List<string> WriteIds { get; } = [];

    /// <summary>Each stored user and the write id that created it.</summary>
    public Dictionary<string, string> CreatedBy { get; } = new(StringComparer.Ordinal);

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

    public async Task<UpsertOutcome> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, string writeId, CancellationToken cancellationToken)
    {
        this.MaxInFlight = Math.Max(this.MaxInFlight, Interlocked.Increment(ref this.inFlight));
        try
        {
            this.Calls.Add(rows);
            this.WriteIds.Add(writeId);
            if (this.Gate is { } gate)
            {
                await gate.Task;
            }

            var stored = rows.Where(r => !r.UserId.StartsWith("bad", StringComparison.Ordinal)).Select(r => r.UserId).Distinct(StringComparer.Ordinal).ToList();
            var existing = stored.Where(this.CreatedBy.ContainsKey).ToDictionary(u => u, u => (string?)this.CreatedBy[u], StringComparer.Ordinal);
            var (create, _, inserted) = InsertSplit.Split(stored, existing, writeId);
            foreach (string user in create)
            {
                this.CreatedBy[user] = writeId;
            }

            return new UpsertOutcome([.. rows.Where(r => r.UserId.StartsWith("bad", StringComparison.Ordinal)).Select(r => (r, "refused by the store"))], inserted);
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
