using Azure;
using Azure.Data.Tables;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// Attributes in Azure Table Storage: PartitionKey = tenant, RowKey = user id (<see cref="UserKeys"/>), one property
/// per attribute. Rows are merged (UpsertMerge) in transactions of up to 100 entities of the one partition; a user
/// appearing twice in a call is merged into one entity first (a transaction may not touch a row twice).
/// </summary>
public sealed class TableAttributeStore(TableClient table) : IAttributeStore
{
    private const int MaxBatch = 100;

    /// <summary>
    /// Transactions of one call in flight at once: rows are merged per user first, so no two transactions touch the
    /// same entity, and the store is kept busy while the next ones are prepared.
    /// </summary>
    private const int MaxParallelTransactions = 4;

    public async Task<IReadOnlyList<(UserAttributes Row, string Reason)>> UpsertAsync(
        string tenantId, IReadOnlyList<UserAttributes> rows, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, (UserAttributes Row, TableEntity Entity)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string rowKey = UserKeys.ToRowKey(row.UserId);
            if (!merged.TryGetValue(rowKey, out var existing))
            {
                existing = (row, new TableEntity(tenantId, rowKey));
                merged[rowKey] = existing;
            }

            foreach (var (name, value) in row.Values)
            {
                existing.Entity[name] = value;
            }
        }

        var failures = new List<(UserAttributes, string)>();
        await Parallel.ForEachAsync(
            merged.Values.Chunk(MaxBatch),
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

    private async Task<List<(UserAttributes, string)>> SubmitAsync((UserAttributes Row, TableEntity Entity)[] batch, CancellationToken cancellationToken)
    {
        var failures = new List<(UserAttributes, string)>();
        try
        {
            await table.SubmitTransactionAsync(batch.Select(b => new TableTransactionAction(TableTransactionActionType.UpsertMerge, b.Entity)), cancellationToken);
        }
        catch (TableTransactionFailedException)
        {
            // One bad entity fails the whole transaction: store the rest one by one and report the bad ones.
            foreach (var (row, entity) in batch)
            {
                try
                {
                    await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 400 or 413)
                {
                    failures.Add((row, $"the attribute store rejected the row ({ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)})"));
                }
            }
        }

        return failures;
    }

    public async Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, UserKeys.ToRowKey(userId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        return entity
            .Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == tenantId, select: [attribute], cancellationToken: cancellationToken))
        {
            if (entity.TryGetValue(attribute, out object? value) && value is not null)
            {
                string key = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }
}
