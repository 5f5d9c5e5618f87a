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
/// transaction whose answer was lost is simply applied again. Users are first added (so a first import costs one
/// transaction per 100 users, as before) with the write's id in <see cref="AttributeColumns.InsertName"/>; when some
/// exist, they are read back and merged, which tells inserted from updated users exactly, also after a lost answer or a
/// crash (<see cref="InsertSplit"/>). Until a tenant's legacy partition (data from before
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

    /// <summary>Rounds of read-then-write of one transaction when other writers keep adding or removing its users.</summary>
    private const int MaxRounds = 6;

    /// <summary>Point reads of one transaction's users in flight at once (after its first Add found some existing).</summary>
    private const int MaxParallelReads = 16;

    private static readonly string[] SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>Tenants whose legacy partition was seen empty (nothing writes it any more, so it stays empty).</summary>
    private readonly ConcurrentDictionary<string, bool> legacyEmpty = new(StringComparer.Ordinal);

    public int ShardCount { get; } = shardCount >= 1 ? shardCount : throw new ArgumentOutOfRangeException(nameof(shardCount));

    public async Task<UpsertOutcome> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, string writeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(writeId);
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
        long inserted = 0;

        // Until the tenant's legacy partition is empty, a user may exist only there: its shard row is new, the user is not.
        string? legacy = await this.LegacyMayHoldAsync(tenantId, cancellationToken) ? AttributeShards.LegacyPartitionOf(tenantId) : null;
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var (batchFailures, batchInserted) = await this.SubmitAsync(batch, writeId, legacy, ct);
                Interlocked.Add(ref inserted, batchInserted);
                lock (failures)
                {
                    failures.AddRange(batchFailures);
                }
            });

        return new UpsertOutcome(failures, inserted);
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

    /// <summary>
    /// Writes one transaction's users (one partition, each user once) and counts those it created. First every user is
    /// added (Add, carrying <paramref name="writeId"/> in <see cref="AttributeColumns.InsertName"/>): for a first
    /// import that is the whole cost. When one of them exists the transaction fails as a whole (409, nothing written);
    /// then the users' rows are read (point reads of RowKey and the insert id) and one transaction adds the absent
    /// ones and merges into the present ones (UpdateMerge, leaving their insert id), counted by
    /// <see cref="InsertSplit"/>. A concurrent writer adding or removing one of the users in between fails that
    /// transaction too (409 or 404, nothing written), and the round is repeated from the reads.
    /// </summary>
    private async Task<(List<(UserAttributes, string)> Failures, int Inserted)> SubmitAsync(
        (UserAttributes Row, TableEntity Entity)[] batch, string writeId, string? legacyPartition, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string?> existing = new Dictionary<string, string?>(StringComparer.Ordinal);
        var keys = batch.Select(b => b.Entity.RowKey).ToList();
        IReadOnlySet<string>? elsewhere = legacyPartition is null
            ? null
            : (await this.ReadInsertIdsAsync(legacyPartition, keys, cancellationToken)).Keys.ToHashSet(StringComparer.Ordinal);
        for (int round = 1; ; round++)
        {
            var (create, update, inserted) = InsertSplit.Split(keys, existing, writeId, elsewhere);
            var toCreate = create.ToHashSet(StringComparer.Ordinal);
            var actions = batch.Select(b => toCreate.Contains(b.Entity.RowKey)
                ? new TableTransactionAction(TableTransactionActionType.Add, WithInsertId(b.Entity, writeId))
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge, b.Entity, ETag.All)).ToList();
            try
            {
                await this.SubmitThrottledAsync(actions, cancellationToken);
                return ([], inserted);
            }
            catch (TableTransactionFailedException raced) when (raced.Status is 409 or 404 && round < MaxRounds)
            {
                // A user added (by an earlier attempt of this write, or by another writer) or removed meanwhile: read again.
                existing = await this.ReadInsertIdsAsync(batch[0].Entity.PartitionKey, keys, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (!StorageErrors.IsTransient(ex) && ex.Status is not (409 or 404))
            {
                // One bad entity fails the whole transaction: store the rest one by one and report the bad ones.
                return await this.SubmitEachAsync(batch, writeId, elsewhere, cancellationToken);
            }
            catch (TableTransactionFailedException raced) when (raced.Status is 409 or 404)
            {
                throw new TransientStorageException($"Other writers kept changing the users of one attribute transaction ({MaxRounds} rounds): {raced.Message}", raced);
            }
        }
    }

    /// <summary>The transaction, sent again after back-off while throttled (503 ServerBusy, 500 OperationTimedOut past the client's own retries).</summary>
    private async Task SubmitThrottledAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        // A transaction whose answer was lost may have landed: sent again, its Adds fail with 409 and the caller reads
        // the rows back, finding its own insert id on the users it created.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (RequestFailedException busy) when (attempt < MaxThrottledAttempts && busy.Status is 500 or 503)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>The insert id of each of <paramref name="rowKeys"/> that has a row in <paramref name="partition"/> (null when it has none).</summary>
    private async Task<IReadOnlyDictionary<string, string?>> ReadInsertIdsAsync(string partition, List<string> rowKeys, CancellationToken cancellationToken)
    {
        // Point reads: a filter of RowKeys joined by 'or' is a partition scan in Table Storage, which a large shard cannot afford.
        var found = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            rowKeys,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (rowKey, ct) =>
            {
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, [AttributeColumns.InsertName], ct);
                        if (row.HasValue)
                        {
                            found[rowKey] = row.Value!.GetString(AttributeColumns.InsertName);
                        }

                        return;
                    }
                    catch (RequestFailedException busy) when (attempt < MaxThrottledAttempts && busy.Status is 500 or 503)
                    {
                        await Task.Delay(Backoff(attempt), ct);
                    }
                }
            });
        return found;
    }

    /// <summary>Each user on its own (after a transaction failed for one bad entity): the same counting rule, the bad ones reported.</summary>
    private async Task<(List<(UserAttributes, string)> Failures, int Inserted)> SubmitEachAsync(
        (UserAttributes Row, TableEntity Entity)[] batch, string writeId, IReadOnlySet<string>? elsewhere, CancellationToken cancellationToken)
    {
        var failures = new List<(UserAttributes, string)>();
        int inserted = 0;
        foreach (var (row, entity) in batch)
        {
            try
            {
                inserted += await this.WriteOneAsync(entity, writeId, cancellationToken) && elsewhere?.Contains(entity.RowKey) != true ? 1 : 0;
            }
            catch (RequestFailedException bad) when (bad.Status is 400 or 413)
            {
                failures.Add((row, $"the attribute store rejected the row ({bad.ErrorCode ?? bad.Status.ToString(CultureInfo.InvariantCulture)})"));
            }
        }

        return (failures, inserted);
    }

    /// <summary>Writes one user; true when it counts as inserted by this write.</summary>
    private async Task<bool> WriteOneAsync(TableEntity entity, string writeId, CancellationToken cancellationToken)
    {
        for (int round = 1; ; round++)
        {
            var existing = await this.ReadInsertIdsAsync(entity.PartitionKey, [entity.RowKey], cancellationToken);
            try
            {
                if (!existing.TryGetValue(entity.RowKey, out string? id))
                {
                    await table.AddEntityAsync(WithInsertId(entity, writeId), cancellationToken);
                    return true;
                }

                await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
                return string.Equals(id, writeId, StringComparison.Ordinal);
            }
            catch (RequestFailedException raced) when (raced.Status is 409 or 404 && round < MaxRounds)
            {
                // Added or removed meanwhile: read again.
            }
        }
    }

    private static TableEntity WithInsertId(TableEntity entity, string writeId) => new(entity) { [AttributeColumns.InsertName] = writeId };

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(8000, 250 << attempt));

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
                await Task.Delay(Backoff(attempt), cancellationToken);
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
