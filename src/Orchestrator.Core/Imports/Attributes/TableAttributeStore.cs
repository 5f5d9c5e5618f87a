using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Orchestrator.Errors;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// Attributes in Azure Table Storage: PartitionKey = the user's shard of the tenant (<see cref="AttributeShards"/>),
/// RowKey = user id (<see cref="UserKeys"/>), one property per attribute. Rows are merged (UpsertMerge) in transactions
/// of up to 100 entities of one partition; a user appearing twice in a call is merged into one entity first (a
/// transaction may not touch a row twice). Throttling (503 ServerBusy, 500 OperationTimedOut) is retried with back-off
/// by the client's pipeline and, past it, thrown as transient so the activity is retried: a merge is idempotent, so a
/// transaction whose answer was lost is simply applied again. Until a tenant's legacy partition (data from before
/// sharding) is empty, reads also consult it; once it is seen empty it is not read again.
/// </summary>
public sealed class TableAttributeStore(TableClient table, int shardCount = AttributeShards.DefaultCount) : IAttributeStore
{
    private const int MaxBatch = 100;

    /// <summary>
    /// Transactions of one call in flight at once: rows are merged per user first, so no two transactions touch the
    /// same entity, and the store is kept busy while the next ones are prepared.
    /// </summary>
    private const int MaxParallelTransactions = 4;

    /// <summary>Attempts of one throttled transaction here (each after the client pipeline's own retries) before the activity's retry takes over.</summary>
    private const int MaxThrottledAttempts = 8;

    private static readonly string[] SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>Tenants whose legacy partition was seen empty (nothing writes it any more, so it stays empty).</summary>
    private readonly ConcurrentDictionary<string, bool> legacyEmpty = new(StringComparer.Ordinal);

    public int ShardCount { get; } = shardCount >= 1 ? shardCount : throw new ArgumentOutOfRangeException(nameof(shardCount));

    public async Task<IReadOnlyList<(UserAttributes Row, string Reason)>> UpsertAsync(
        string tenantId, IReadOnlyList<UserAttributes> rows, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, (UserAttributes Row, TableEntity Entity)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string rowKey = UserKeys.ToRowKey(row.UserId);
            if (!merged.TryGetValue(rowKey, out var existing))
            {
                existing = (row, new TableEntity(AttributeShards.PartitionKeyOf(tenantId, row.UserId, this.ShardCount), rowKey));
                merged[rowKey] = existing;
            }

            foreach (var (name, value) in row.Values)
            {
                existing.Entity[name] = value;
            }
        }

        // A transaction holds one partition: group by shard, then cut each shard's rows into transactions.
        var batches = merged.Values.GroupBy(m => m.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(MaxBatch));
        var failures = new List<(UserAttributes, string)>();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var batchFailures = await this.SubmitAsync(batch, ct);
                lock (failures)
                {
                    failures.AddRange(batchFailures);
                }
            });

        return failures;
    }

    public async Task<long> DeleteAsync(string tenantId, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        bool legacy = await this.LegacyMayHoldAsync(tenantId, cancellationToken);
        long deleted = 0;
        await Parallel.ForEachAsync(
            userIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions * 4, CancellationToken = cancellationToken },
            async (userId, ct) =>
            {
                string rowKey = UserKeys.ToRowKey(userId);
                bool removed = await this.DeleteRowAsync(AttributeShards.PartitionKeyOf(tenantId, userId, this.ShardCount), rowKey, ETag.All, ct);
                if (legacy)
                {
                    removed |= await this.DeleteRowAsync(AttributeShards.LegacyPartitionOf(tenantId), rowKey, ETag.All, ct);
                }

                if (removed)
                {
                    Interlocked.Increment(ref deleted);
                }
            });
        return deleted;
    }

    public async Task<(long Users, long Unseen)> CountSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken)
    {
        long users = 0;
        long unseen = 0;
        await foreach (var row in this.QuerySourceAsync(tenantId, shard, sourceId, cancellationToken))
        {
            users++;
            unseen += row.GetString(AttributeColumns.SeenName) == keepMark ? 0 : 1;
        }

        return (users, unseen);
    }

    public async Task<long> SweepSourceAsync(string tenantId, int shard, string sourceId, string keepMark, CancellationToken cancellationToken)
    {
        var unseen = new List<TableEntity>();
        await foreach (var row in this.QuerySourceAsync(tenantId, shard, sourceId, cancellationToken))
        {
            if (row.GetString(AttributeColumns.SeenName) != keepMark)
            {
                unseen.Add(row);
            }
        }

        long deleted = 0;
        await Parallel.ForEachAsync(
            unseen,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions * 4, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                if (await this.DeleteRowAsync(row.PartitionKey, row.RowKey, row.ETag, ct))
                {
                    Interlocked.Increment(ref deleted);
                }
            });
        return deleted;
    }

    public async Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        string rowKey = UserKeys.ToRowKey(userId);
        var sharded = this.GetEntityAsync(AttributeShards.PartitionKeyOf(tenantId, userId, this.ShardCount), rowKey, cancellationToken);
        var legacy = await this.LegacyMayHoldAsync(tenantId, cancellationToken)
            ? await this.GetEntityAsync(AttributeShards.LegacyPartitionOf(tenantId), rowKey, cancellationToken)
            : null;
        var entity = await sharded;
        if (entity is null && legacy is null)
        {
            return null;
        }

        // Legacy values are older: the shard's values win where both hold an attribute.
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        Merge(values, legacy);
        Merge(values, entity);
        return values;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int shard = 0; shard <= this.ShardCount; shard++)
        {
            await foreach (var user in this.ReadShardAsync(tenantId, shard, cancellationToken))
            {
                if (user.Values.TryGetValue(attribute, out object? value))
                {
                    string key = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return counts;
    }

    public async IAsyncEnumerable<UserAttributes> ReadShardAsync(string tenantId, int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shard, this.ShardCount);
        bool legacy = shard == this.ShardCount;
        if (legacy && !await this.LegacyMayHoldAsync(tenantId, cancellationToken))
        {
            yield break;
        }

        string partition = legacy ? AttributeShards.LegacyPartitionOf(tenantId) : AttributeShards.PartitionOfShard(tenantId, shard);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            string userId = UserKeys.FromRowKey(entity.RowKey);

            // A legacy user who also has a shard row is counted there (its shard values are the newer ones).
            if (legacy && await this.GetEntityAsync(AttributeShards.PartitionKeyOf(tenantId, userId, this.ShardCount), entity.RowKey, cancellationToken) is not null)
            {
                continue;
            }

            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            Merge(values, entity);
            yield return new UserAttributes(userId, values);
        }
    }

    public async Task<int> RebalanceAsync(string tenantId, int maxUsers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUsers, 1);
        string legacyPartition = AttributeShards.LegacyPartitionOf(tenantId);
        var page = new List<TableEntity>(maxUsers);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == legacyPartition, maxPerPage: Math.Min(maxUsers, 1000), cancellationToken: cancellationToken))
        {
            page.Add(entity);
            if (page.Count == maxUsers)
            {
                break;
            }
        }

        foreach (var old in page)
        {
            await this.MoveAsync(tenantId, old, cancellationToken);
        }

        if (page.Count == 0)
        {
            this.legacyEmpty[tenantId] = true;
        }

        return page.Count;
    }

    /// <summary>
    /// Writes the legacy row's attributes that its shard row lacks (conditionally on the shard row's ETag, so a
    /// concurrent import's newer value is never overwritten), then deletes the legacy row if it is unchanged.
    /// </summary>
    private async Task MoveAsync(string tenantId, TableEntity old, CancellationToken cancellationToken)
    {
        string userId = UserKeys.FromRowKey(old.RowKey);
        string partition = AttributeShards.PartitionKeyOf(tenantId, userId, this.ShardCount);
        while (true)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, old.RowKey, cancellationToken: cancellationToken);
            var target = new TableEntity(partition, old.RowKey);
            foreach (var (name, value) in old)
            {
                if (!SystemProperties.Contains(name) && value is not null && !(current.HasValue && current.Value!.ContainsKey(name)))
                {
                    target[name] = value;
                }
            }

            try
            {
                if (!current.HasValue)
                {
                    await table.AddEntityAsync(target, cancellationToken);
                }
                else if (target.Count > 2)
                {
                    await table.UpdateEntityAsync(target, current.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                break;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // An import wrote the user meanwhile: read its row again and merge under it.
            }
        }

        try
        {
            await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404)
        {
            // Already moved by an earlier (interrupted) or concurrent rebalance.
        }
    }

    private async Task<List<(UserAttributes, string)>> SubmitAsync((UserAttributes Row, TableEntity Entity)[] batch, CancellationToken cancellationToken)
    {
        var failures = new List<(UserAttributes, string)>();
        try
        {
            // A throttled transaction (503 ServerBusy, 500 OperationTimedOut: past the client's own retries) is backed off
            // and sent again here, so one busy partition does not fail (and re-run) the whole chunk. A merge is
            // idempotent: a transaction that landed but whose answer was lost is applied again harmlessly.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await table.SubmitTransactionAsync(batch.Select(b => new TableTransactionAction(TableTransactionActionType.UpsertMerge, b.Entity)), cancellationToken);
                    break;
                }
                catch (RequestFailedException busy) when (attempt < MaxThrottledAttempts && busy.Status is 500 or 503)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(8000, 250 << attempt)), cancellationToken);
                }
            }
        }
        catch (TableTransactionFailedException ex) when (!StorageErrors.IsTransient(ex))
        {
            // One bad entity fails the whole transaction: store the rest one by one and report the bad ones.
            foreach (var (row, entity) in batch)
            {
                try
                {
                    await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
                }
                catch (RequestFailedException bad) when (bad.Status is 400 or 413)
                {
                    failures.Add((row, $"the attribute store rejected the row ({bad.ErrorCode ?? bad.Status.ToString(CultureInfo.InvariantCulture)})"));
                }
            }
        }

        return failures;
    }

    private AsyncPageable<TableEntity> QuerySourceAsync(string tenantId, int shard, string sourceId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, this.ShardCount);
        // The property name is ours (a constant); only the values are quoted by CreateQueryFilter.
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {AttributeShards.PartitionOfShard(tenantId, shard)}")
            + " and " + AttributeColumns.SourceName + " eq " + TableClient.CreateQueryFilter($"{sourceId}");
        return table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", AttributeColumns.SeenName], cancellationToken: cancellationToken);
    }

    /// <summary>Deletes one row if it exists (and, for a real ETag, is unchanged); false when it was already gone or changed.</summary>
    private async Task<bool> DeleteRowAsync(string partition, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var response = await table.DeleteEntityAsync(partition, rowKey, etag, cancellationToken);
                return response.Status is >= 200 and < 300;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                return false; // Already gone (a rerun), or written since it was read (that write wins).
            }
            catch (RequestFailedException busy) when (attempt < MaxThrottledAttempts && busy.Status is 500 or 503)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(8000, 250 << attempt)), cancellationToken);
            }
        }
    }

    private async Task<TableEntity?> GetEntityAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>False once the tenant's legacy partition was seen empty (one query per tenant and process until then).</summary>
    private async Task<bool> LegacyMayHoldAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (this.legacyEmpty.ContainsKey(tenantId))
        {
            return false;
        }

        string partition = AttributeShards.LegacyPartitionOf(tenantId);
        await foreach (var unused in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        this.legacyEmpty[tenantId] = true;
        return false;
    }

    private static void Merge(Dictionary<string, object> values, TableEntity? entity)
    {
        if (entity is null)
        {
            return;
        }

        foreach (var (name, value) in entity)
        {
            if (!SystemProperties.Contains(name) && value is not null && !AttributeColumns.IsMark(name))
            {
                values[name] = value;
            }
        }
    }
}
