using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Orchestrator.Imports.Ledger;

/// <summary>The ledger in Table Storage: PartitionKey = tenant|destination, RowKey = SHA-256 of the object key.</summary>
public sealed class TableImportLedger(TableClient table) : IImportLedger
{
    public async Task<ImportLedgerEntry?> GetAsync(string tenantId, string destinationId, string key, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition(tenantId, destinationId), RowKey(key), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new ImportLedgerEntry(
            e.GetString(nameof(ImportLedgerEntry.Key)) ?? key,
            e.GetString(nameof(ImportLedgerEntry.ETag)) ?? string.Empty,
            e.GetString(nameof(ImportLedgerEntry.RunId)) ?? string.Empty,
            e.GetInt64(nameof(ImportLedgerEntry.Rows)) ?? 0,
            e.GetInt64(nameof(ImportLedgerEntry.Rejected)) ?? 0,
            e.GetDateTimeOffset(nameof(ImportLedgerEntry.ImportedAt)) ?? default);
    }

    public async Task RecordAsync(string tenantId, string destinationId, ImportLedgerEntry entry, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(Partition(tenantId, destinationId), RowKey(entry.Key))
            {
                [nameof(ImportLedgerEntry.Key)] = entry.Key,
                [nameof(ImportLedgerEntry.ETag)] = entry.ETag,
                [nameof(ImportLedgerEntry.RunId)] = entry.RunId,
                [nameof(ImportLedgerEntry.Rows)] = entry.Rows,
                [nameof(ImportLedgerEntry.Rejected)] = entry.Rejected,
                [nameof(ImportLedgerEntry.ImportedAt)] = entry.ImportedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    private static string Partition(string tenantId, string destinationId) => tenantId + "|" + destinationId;

    private static string RowKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
