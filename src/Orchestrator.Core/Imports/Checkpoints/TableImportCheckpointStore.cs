using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Orchestrator.Imports.Checkpoints;

/// <summary>
/// Checkpoints in Table Storage: PartitionKey = run id, RowKey = hash of the file key. The columns are stored as
/// ASCII bytes (mapped names are identifiers joined by ','), which fit a binary property even for 253 long names.
/// </summary>
public sealed class TableImportCheckpointStore(TableClient table) : IImportCheckpointStore
{
    public async Task<ImportCheckpoint?> GetAsync(string runId, string fileKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(runId, RowKey(fileKey), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        string columns = Encoding.ASCII.GetString(e.GetBinary(nameof(ImportCheckpoint.Columns)) ?? []);
        return new ImportCheckpoint(
            e.GetString(nameof(ImportCheckpoint.Attempt)) ?? string.Empty,
            e.GetString(nameof(ImportCheckpoint.ETag)) ?? string.Empty,
            e.GetInt64(nameof(ImportCheckpoint.Offset)) ?? 0,
            e.GetInt64(nameof(ImportCheckpoint.Line)) ?? 1,
            columns.Length == 0 ? [] : columns.Split(','),
            e.GetInt64(nameof(ImportCheckpoint.Rows)) ?? 0,
            e.GetInt64(nameof(ImportCheckpoint.Rejected)) ?? 0,
            e.GetInt64(nameof(ImportCheckpoint.Deleted)) ?? 0,
            e.GetInt64(nameof(ImportCheckpoint.Inserted)) ?? 0);
    }

    public async Task SaveAsync(string runId, string fileKey, ImportCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await table.UpsertEntityAsync(
            new TableEntity(runId, RowKey(fileKey))
            {
                [nameof(ImportCheckpoint.Attempt)] = checkpoint.Attempt,
                [nameof(ImportCheckpoint.ETag)] = checkpoint.ETag,
                [nameof(ImportCheckpoint.Offset)] = checkpoint.Offset,
                [nameof(ImportCheckpoint.Line)] = checkpoint.Line,
                [nameof(ImportCheckpoint.Columns)] = Encoding.ASCII.GetBytes(string.Join(',', checkpoint.Columns)),
                [nameof(ImportCheckpoint.Rows)] = checkpoint.Rows,
                [nameof(ImportCheckpoint.Rejected)] = checkpoint.Rejected,
                [nameof(ImportCheckpoint.Deleted)] = checkpoint.Deleted,
                [nameof(ImportCheckpoint.Inserted)] = checkpoint.Inserted,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task DeleteAsync(string runId, string fileKey, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(runId, RowKey(fileKey), cancellationToken: cancellationToken);

    private static string RowKey(string fileKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fileKey)));
}
