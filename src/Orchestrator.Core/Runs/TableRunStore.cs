using Azure.Data.Tables;

namespace Orchestrator.Runs;

/// <summary>Run records in Azure Table Storage.</summary>
public sealed class TableRunStore(TableClient table) : IRunStore
{
    public async Task UpsertAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(record.TenantId, record.RunId)
        {
            [nameof(RunRecord.Kind)] = record.Kind,
            [nameof(RunRecord.DestinationId)] = record.DestinationId,
            [nameof(RunRecord.Report)] = record.Report,
            [nameof(RunRecord.Period)] = record.Period?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [nameof(RunRecord.Status)] = record.Status.ToString(),
            [nameof(RunRecord.Bytes)] = record.Bytes,
            [nameof(RunRecord.Rows)] = record.Rows,
            [nameof(RunRecord.Parts)] = record.Parts,
            [nameof(RunRecord.ObjectKey)] = record.ObjectKey,
            [nameof(RunRecord.FilesSeen)] = record.FilesSeen,
            [nameof(RunRecord.FilesImported)] = record.FilesImported,
            [nameof(RunRecord.FilesSkipped)] = record.FilesSkipped,
            [nameof(RunRecord.FilesFailed)] = record.FilesFailed,
            [nameof(RunRecord.RowsRejected)] = record.RowsRejected,
            [nameof(RunRecord.StartedAt)] = record.StartedAt,
            [nameof(RunRecord.FinishedAt)] = record.FinishedAt,
            [nameof(RunRecord.Error)] = record.Error is { Length: > 8000 } e ? e[..8000] : record.Error,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<RunRecord?> GetAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, runId, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new RunRecord
        {
            TenantId = e.PartitionKey,
            RunId = e.RowKey,
            Kind = e.GetString(nameof(RunRecord.Kind)) ?? string.Empty,
            DestinationId = e.GetString(nameof(RunRecord.DestinationId)) ?? string.Empty,
            Report = e.GetString(nameof(RunRecord.Report)),
            Period = e.GetString(nameof(RunRecord.Period)) is { } p ? DateOnly.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : null,
            Status = Enum.TryParse<RunStatus>(e.GetString(nameof(RunRecord.Status)), out var s) ? s : RunStatus.Running,
            Bytes = e.GetInt64(nameof(RunRecord.Bytes)) ?? 0,
            Rows = e.GetInt64(nameof(RunRecord.Rows)) ?? 0,
            Parts = e.GetInt32(nameof(RunRecord.Parts)) ?? 0,
            ObjectKey = e.GetString(nameof(RunRecord.ObjectKey)),
            FilesSeen = e.GetInt32(nameof(RunRecord.FilesSeen)) ?? 0,
            FilesImported = e.GetInt32(nameof(RunRecord.FilesImported)) ?? 0,
            FilesSkipped = e.GetInt32(nameof(RunRecord.FilesSkipped)) ?? 0,
            FilesFailed = e.GetInt32(nameof(RunRecord.FilesFailed)) ?? 0,
            RowsRejected = e.GetInt64(nameof(RunRecord.RowsRejected)) ?? 0,
            StartedAt = e.GetDateTimeOffset(nameof(RunRecord.StartedAt)) ?? default,
            FinishedAt = e.GetDateTimeOffset(nameof(RunRecord.FinishedAt)),
            Error = e.GetString(nameof(RunRecord.Error)),
        };
    }
}
