using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// The counts snapshot in Table Storage. The served snapshot of a tenant is named by one header row (PartitionKey =
/// tenant, RowKey = <c>snapshot</c>); its counts sit in one partition per attribute (<c>{tenant}~{countId}~{attribute}</c>)
/// with one row per shard and value (RowKey = shard and a hash of the value), so reading an attribute's counts is one
/// partition query of O(shards × distinct values) rows, and a new snapshot replaces the old one by one header write.
/// </summary>
public sealed class TableAttributeCountStore(TableClient table) : IAttributeCountStore
{
    /// <summary>The key under which a shard counts the users it could not list by value (its cap was reached).</summary>
    public const string OtherValues = "\u0000other";

    private const string HeaderRow = "snapshot";
    private const string OtherRow = "other";
    private const int MaxBatch = 100;
    private const string DirtyGeneration = "DirtyGeneration";
    private const string DirtySinceColumn = "DirtySince";
    private const string CountedGeneration = "CountedGeneration";

    public async Task WriteShardAsync(
        string tenantId, string countId, int shard, IReadOnlyDictionary<string, Dictionary<string, long>> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (attribute, values) in counts)
        {
            string partition = Partition(tenantId, countId, attribute);
            var rows = values.Select(v => ValueRow(partition, shard, v.Key, v.Value));
            foreach (var batch in rows.Chunk(MaxBatch))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }
    }

    public async Task<string?> PublishAsync(
        string tenantId, string countId, DateTime asOf, long users, IReadOnlyCollection<string> attributes, long generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        while (true)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeaderRow, cancellationToken: cancellationToken);
            string? currentId = current.HasValue ? current.Value!.GetString("CountId") : null;
            if (currentId is not null && string.CompareOrdinal(currentId, countId) >= 0)
            {
                if (currentId != countId)
                {
                    await this.DeleteSnapshotAsync(tenantId, countId, attributes, cancellationToken);
                }

                return currentId == countId ? null : currentId;
            }

            long counted = Math.Max(generation, current.HasValue ? current.Value!.GetInt64(CountedGeneration) ?? 0 : 0);
            var header = new TableEntity(tenantId, HeaderRow)
            {
                ["CountId"] = countId,
                ["AsOf"] = DateTime.SpecifyKind(asOf, DateTimeKind.Utc),
                ["Users"] = users,
                ["Attributes"] = string.Join(',', attributes.Order(StringComparer.Ordinal)),
                [CountedGeneration] = counted,
            };
            try
            {
                if (current.HasValue)
                {
                    // Merge: the dirty generation an import raised meanwhile is kept (the ETag refuses a lost update).
                    await table.UpdateEntityAsync(header, current.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(header, cancellationToken);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                continue; // Another count published (or an import marked dirty) meanwhile: compare again.
            }

            if (currentId is not null)
            {
                await this.DeleteSnapshotAsync(tenantId, currentId, Split(current.Value!.GetString("Attributes")), cancellationToken);
            }

            return null;
        }
    }

    public async Task<long> MarkDirtyAsync(string tenantId, DateTime at, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeaderRow, cancellationToken: cancellationToken);
            var state = State(current.HasValue ? current.Value : null);
            long dirty = state.Dirty + 1;
            var header = new TableEntity(tenantId, HeaderRow)
            {
                [DirtyGeneration] = dirty,
                [DirtySinceColumn] = state.Stale ? state.DirtySince : DateTime.SpecifyKind(at, DateTimeKind.Utc),
            };
            try
            {
                if (current.HasValue)
                {
                    await table.UpdateEntityAsync(header, current.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(header, cancellationToken);
                }

                return dirty;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another import (or a publish) wrote the header meanwhile: raise from its value.
            }
        }
    }

    public async Task<AttributeCountState> GetStateAsync(string tenantId, CancellationToken cancellationToken)
    {
        var current = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeaderRow, cancellationToken: cancellationToken);
        return State(current.HasValue ? current.Value : null);
    }

    public async Task<AttributeCountSnapshot?> GetAsync(string tenantId, string attribute, int maxValues, CancellationToken cancellationToken)
    {
        var header = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeaderRow, cancellationToken: cancellationToken);
        if (!header.HasValue || header.Value!.GetString("CountId") is not { } countId)
        {
            return null;
        }

        string partition = Partition(tenantId, countId, attribute);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        long other = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            long users = row.GetInt64("Users") ?? 0;
            if (row.GetBoolean("Other") == true)
            {
                other += users;
            }
            else
            {
                string value = row.GetString("Value") ?? string.Empty;
                sums[value] = sums.GetValueOrDefault(value) + users;
            }
        }

        var top = sums.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(maxValues).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        other += sums.Where(s => !top.ContainsKey(s.Key)).Sum(s => s.Value);
        return new AttributeCountSnapshot(
            attribute,
            countId,
            DateTime.SpecifyKind(header.Value.GetDateTime("AsOf") ?? DateTime.MinValue, DateTimeKind.Utc),
            header.Value.GetInt64("Users") ?? 0,
            top,
            other,
            other > 0,
            State(header.Value).Stale,
            State(header.Value).DirtySince);
    }

    private async Task DeleteSnapshotAsync(string tenantId, string countId, IEnumerable<string> attributes, CancellationToken cancellationToken)
    {
        foreach (string attribute in attributes)
        {
            string partition = Partition(tenantId, countId, attribute);
            var keys = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(new TableEntity(partition, row.RowKey) { ETag = ETag.All });
            }

            foreach (var batch in keys.Chunk(MaxBatch))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
            }
        }
    }

    private static TableEntity ValueRow(string partition, int shard, string value, long users)
    {
        bool other = value == OtherValues;
        string suffix = other ? OtherRow : XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(value)).ToString("x16", CultureInfo.InvariantCulture);
        var row = new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"{shard:D4}-{suffix}")) { ["Users"] = users };
        if (other)
        {
            row["Other"] = true;
        }
        else
        {
            row["Value"] = value;
        }

        return row;
    }

    private static AttributeCountState State(TableEntity? header) => header is null
        ? new AttributeCountState(0, 0, 0, null)
        : new AttributeCountState(
            0,
            header.GetInt64(DirtyGeneration) ?? 0,
            header.GetInt64(CountedGeneration) ?? 0,
            header.GetDateTime(DirtySinceColumn) is { } since ? DateTime.SpecifyKind(since, DateTimeKind.Utc) : null);

    private static string Partition(string tenantId, string countId, string attribute) => $"{tenantId}~{countId}~{attribute}";

    private static string[] Split(string? attributes) => string.IsNullOrEmpty(attributes) ? [] : attributes.Split(',');
}
