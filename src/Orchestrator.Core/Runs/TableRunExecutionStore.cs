using Azure;
using Azure.Data.Tables;

namespace Orchestrator.Runs;

/// <summary>Activity executions in Azure Table Storage: one row per execution, partitioned by run id.</summary>
public sealed class TableRunExecutionStore(TableClient table) : IRunExecutionStore
{
    public async Task RecordAsync(string runId, string activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(activity);
        await table.AddEntityAsync(new TableEntity(runId, $"{activity}|{Guid.NewGuid():N}"), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountAsync(string runId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == runId, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                string activity = row.RowKey[..row.RowKey.LastIndexOf('|')];
                counts[activity] = counts.GetValueOrDefault(activity) + 1;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table yet (a host that has not run its storage initializer): no execution noted.
        }

        return counts;
    }

    public async Task DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            await this.DeleteRowsAsync(runId, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table, nothing to forget.
        }
    }

    private async Task DeleteRowsAsync(string runId, CancellationToken cancellationToken)
    {
        var rows = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == runId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, row));
            if (rows.Count == 100)
            {
                await table.SubmitTransactionAsync(rows, cancellationToken);
                rows.Clear();
            }
        }

        if (rows.Count > 0)
        {
            await table.SubmitTransactionAsync(rows, cancellationToken);
        }
    }
}
