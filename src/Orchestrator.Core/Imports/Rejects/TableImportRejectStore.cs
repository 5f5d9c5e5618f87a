using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Orchestrator.Imports.Models;

namespace Orchestrator.Imports.Rejects;

/// <summary>Rejections in Table Storage: PartitionKey = run id, RowKey = file hash + zero-padded line (sorted by file, line).</summary>
public sealed class TableImportRejectStore(TableClient table) : IImportRejectStore
{
    public async Task AddAsync(string runId, IReadOnlyList<ImportRejection> rejections, CancellationToken cancellationToken)
    {
        var entities = rejections
            .Select(r => new TableEntity(runId, RowKey(r))
            {
                [nameof(ImportRejection.Key)] = r.Key,
                [nameof(ImportRejection.Line)] = r.Line,
                [nameof(ImportRejection.Reason)] = r.Reason,
            })
            .DistinctBy(e => e.RowKey);
        foreach (var batch in entities.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    public async IAsyncEnumerable<ImportRejection> ListAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == runId, cancellationToken: cancellationToken))
        {
            yield return new ImportRejection(
                e.GetString(nameof(ImportRejection.Key)) ?? string.Empty,
                e.GetInt64(nameof(ImportRejection.Line)) ?? 0,
                e.GetString(nameof(ImportRejection.Reason)) ?? string.Empty);
        }
    }

    private static string RowKey(ImportRejection rejection) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rejection.Key)))[..16] + "-" +
        rejection.Line.ToString("D12", CultureInfo.InvariantCulture);
}
