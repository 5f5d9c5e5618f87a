using Azure;
using Azure.Data.Tables;
using Orchestrator.Operations;

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
            [nameof(RunRecord.RowsDeleted)] = record.RowsDeleted,
            [nameof(RunRecord.RowsInserted)] = record.RowsInserted,
            [nameof(RunRecord.RowsUpdated)] = record.RowsUpdated,
            [nameof(RunRecord.StartedAt)] = record.StartedAt,
            [nameof(RunRecord.FinishedAt)] = record.FinishedAt,
            [nameof(RunRecord.Error)] = record.Error is { Length: > 8000 } e ? e[..8000] : record.Error,
            [nameof(RunRecord.Bucket)] = record.Bucket,
            [nameof(RunRecord.ObjectETag)] = record.ObjectETag,
            [nameof(RunRecord.ManifestKey)] = record.ManifestKey,
            [nameof(RunRecord.ManifestETag)] = record.ManifestETag,
            [nameof(RunRecord.RetentionDeleted)] = record.RetentionDeleted,
            [nameof(RunRecord.RetentionDeletedKeys)] = record.RetentionDeletedKeys is { Length: > 30000 } k ? k[..30000] : record.RetentionDeletedKeys,
            [nameof(RunRecord.RetentionAppliedAt)] = record.RetentionAppliedAt,
        };
        await WriteUnlessSupersededAsync(record, entity, cancellationToken);
    }

    /// <summary>
    /// Writes the record unless the stored one supersedes it (<see cref="RunRecordSupersession"/>): read, then insert
    /// or replace conditionally on what was read, again from the read when another writer came in between.
    /// </summary>
    private async Task WriteUnlessSupersededAsync(RunRecord record, TableEntity entity, CancellationToken cancellationToken)
    {
        string[] select = [nameof(RunRecord.StartedAt), nameof(RunRecord.Status)];
        while (true)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(record.TenantId, record.RunId, select, cancellationToken);
            try
            {
                if (!stored.HasValue || stored.Value is not { } current)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                    return;
                }

                var storedStatus = Enum.TryParse<RunStatus>(current.GetString(nameof(RunRecord.Status)), out var s) ? s : RunStatus.Running;
                if (!RunRecordSupersession.Replaces(record, current.GetDateTimeOffset(nameof(RunRecord.StartedAt)) ?? DateTimeOffset.MinValue, storedStatus))
                {
                    return;
                }

                await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer inserted or replaced the record since the read: decide again on what it wrote.
            }
        }
    }

    public async Task<RunRecord?> GetAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, runId, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ToRecord(e) : null;
    }

    /// <summary>
    /// One partition query, filtered on the server (kind, destination, status, StartedAt range and the keyset
    /// position), sorted here: Table Storage only returns RowKey order. The scan is bounded by the tenant's runs in
    /// the range, which is small (a few runs per destination per day); the time range keeps it so.
    /// </summary>
    public async Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {query.TenantId}") };
        if (query.Kind is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Kind eq {query.Kind}"));
        }

        if (query.DestinationId is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"DestinationId eq {query.DestinationId}"));
        }

        if (query.Status is { } status)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        if (query.From is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"StartedAt ge {from}"));
        }

        if (query.To is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"StartedAt lt {to}"));
        }

        if (query.After is { } after)
        {
            filters.Add(TableClient.CreateQueryFilter($"StartedAt le {after.StartedAt}"));
        }

        var matches = new List<RunRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(string.Join(" and ", filters), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var record = ToRecord(entity);
            if (query.After is null || query.After.IsBefore(record.StartedAt, record.RunId))
            {
                matches.Add(record);
            }
        }

        var page = matches
            .OrderByDescending(r => r.StartedAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .Take(query.PageSize + 1)
            .ToList();
        bool more = page.Count > query.PageSize;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new RunPage(page, more ? new RunContinuation(page[^1].StartedAt, page[^1].RunId) : null);
    }

    private static RunRecord ToRecord(TableEntity e) =>
        new()
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
            RowsDeleted = e.GetInt64(nameof(RunRecord.RowsDeleted)) ?? 0,
            RowsInserted = e.GetInt64(nameof(RunRecord.RowsInserted)) ?? 0,
            RowsUpdated = e.GetInt64(nameof(RunRecord.RowsUpdated)) ?? 0,
            StartedAt = e.GetDateTimeOffset(nameof(RunRecord.StartedAt)) ?? default,
            FinishedAt = e.GetDateTimeOffset(nameof(RunRecord.FinishedAt)),
            Error = e.GetString(nameof(RunRecord.Error)),
            Bucket = e.GetString(nameof(RunRecord.Bucket)),
            ObjectETag = e.GetString(nameof(RunRecord.ObjectETag)),
            ManifestKey = e.GetString(nameof(RunRecord.ManifestKey)),
            ManifestETag = e.GetString(nameof(RunRecord.ManifestETag)),
            RetentionDeleted = e.GetInt32(nameof(RunRecord.RetentionDeleted)) ?? 0,
            RetentionDeletedKeys = e.GetString(nameof(RunRecord.RetentionDeletedKeys)),
            RetentionAppliedAt = e.GetDateTimeOffset(nameof(RunRecord.RetentionAppliedAt)),
        };
}
