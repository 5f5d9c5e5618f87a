using Azure;
using Azure.Data.Tables;
using Orchestrator.Domain;
using Orchestrator.Exports.Formats;

namespace Orchestrator.Destinations;

/// <summary>Destinations in Azure Table Storage: PartitionKey = tenant, RowKey = destination id. No secret values.</summary>
public sealed class TableDestinationStore(TableClient table) : IDestinationStore
{
    /// <summary>Schedule columns: flat, so the nightly scheduler can filter on <c>ScheduleEnabled eq true</c>.</summary>
    internal const string ScheduleEnabled = "ScheduleEnabled";
    internal const string ScheduleReports = "ScheduleReports";
    internal const string ScheduleImport = "ScheduleImport";
    internal const string ScheduleTimeZone = "ScheduleTimeZone";

    /// <summary>Object write columns; rows written before they existed read as the bucket's defaults (none).</summary>
    internal const string ServerSideEncryption = "ServerSideEncryption";
    internal const string KmsKeyId = "KmsKeyId";
    internal const string BucketKey = "BucketKey";
    internal const string CannedAcl = "CannedAcl";

    // Export layout (issue 15).
    internal const string ExportFormatColumn = "ExportFormat";
    internal const string ParquetCodecColumn = "ParquetCodec";
    internal const string KeyTemplateColumn = "KeyTemplate";
    internal const string MaxFileMiBColumn = "MaxFileMiB";

    public async Task<Destination?> GetAsync(string tenantId, string destinationId, CancellationToken cancellationToken) =>
        (await this.GetStoredAsync(tenantId, destinationId, cancellationToken))?.Destination;

    public async Task<StoredDestination?> GetStoredAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, destinationId, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? new StoredDestination(FromEntity(e), e.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<StoredDestination>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var list = new List<StoredDestination>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId, cancellationToken: cancellationToken))
        {
            list.Add(new StoredDestination(FromEntity(e), e.ETag.ToString()));
        }

        return list;
    }

    public async Task<string> CreateAsync(Destination destination, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(ToEntity(destination), cancellationToken);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new DestinationConflictException($"Destination '{destination.DestinationId}' already exists.", ex);
        }
    }

    public async Task<string> ReplaceAsync(Destination destination, string ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(destination), new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new DestinationConflictException($"Destination '{destination.DestinationId}' was changed or deleted by someone else.", ex);
        }
    }

    public async Task<(IReadOnlyList<Destination> Page, string? ContinuationToken)> ListScheduledAsync(
        string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>($"{ScheduleEnabled} eq true", maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    public async Task DeleteAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(tenantId, destinationId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleting is idempotent.
        }
    }

    private static Destination FromEntity(TableEntity e) => new()
    {
        TenantId = e.PartitionKey,
        DestinationId = e.RowKey,
        Bucket = e.GetString(nameof(Destination.Bucket)) ?? string.Empty,
        Region = e.GetString(nameof(Destination.Region)) ?? string.Empty,
        BucketPath = e.GetString(nameof(Destination.BucketPath)) ?? string.Empty,
        AuthMethod = Enum.TryParse<AuthMethod>(e.GetString(nameof(Destination.AuthMethod)), out var m) ? m : AuthMethod.AccessKey,
        AccessKeyId = e.GetString(nameof(Destination.AccessKeyId)),
        SecretName = e.GetString(nameof(Destination.SecretName)),
        SecretVersion = e.GetString(nameof(Destination.SecretVersion)),
        RoleArn = e.GetString(nameof(Destination.RoleArn)),
        ExternalId = e.GetString(nameof(Destination.ExternalId)),
        Schedule = e.GetBoolean(ScheduleEnabled) is { } enabled
            ? new DestinationSchedule(
                enabled,
                (e.GetString(ScheduleReports) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
                e.GetBoolean(ScheduleImport) ?? false,
                e.GetString(ScheduleTimeZone))
            : null,
        WriteSettings = WriteSettingsOf(e),
        RetentionDays = e.GetInt32(nameof(Destination.RetentionDays)),
        Layout = new ExportLayout(
            ExportFormats.TryParse(e.GetString(ExportFormatColumn), out var format) ? format : null,
            ExportFormats.TryParseCodec(e.GetString(ParquetCodecColumn), out var codec) ? codec : ParquetCodec.Snappy,
            e.GetString(KeyTemplateColumn),
            e.GetInt32(MaxFileMiBColumn)),
    };

    private static ObjectWriteSettings WriteSettingsOf(TableEntity e) => new(
        ObjectWriteSettings.TryParseEncryption(e.GetString(ServerSideEncryption), out var encryption) ? encryption : Domain.ServerSideEncryption.None,
        e.GetString(KmsKeyId),
        e.GetBoolean(BucketKey) ?? false,
        ObjectWriteSettings.TryParseAcl(e.GetString(CannedAcl), out var acl) ? acl : ObjectAcl.None);

    private static TableEntity ToEntity(Destination destination) => new(destination.TenantId, destination.DestinationId)
    {
        [nameof(Destination.Bucket)] = destination.Bucket,
        [nameof(Destination.Region)] = destination.Region,
        [nameof(Destination.BucketPath)] = destination.BucketPath,
        [nameof(Destination.AuthMethod)] = destination.AuthMethod.ToString(),
        [nameof(Destination.AccessKeyId)] = destination.AccessKeyId,
        [nameof(Destination.SecretName)] = destination.SecretName,
        [nameof(Destination.SecretVersion)] = destination.SecretVersion,
        [nameof(Destination.RoleArn)] = destination.RoleArn,
        [nameof(Destination.ExternalId)] = destination.ExternalId,
        [ScheduleEnabled] = destination.Schedule?.Enabled,
        [ScheduleReports] = destination.Schedule is { } s ? string.Join(',', s.Reports) : null,
        [ScheduleImport] = destination.Schedule?.Import,
        [ScheduleTimeZone] = destination.Schedule?.TimeZone,
        [ServerSideEncryption] = ObjectWriteSettings.EncryptionName(destination.WriteSettings.Encryption),
        [KmsKeyId] = destination.WriteSettings.KmsKeyId,
        [BucketKey] = destination.WriteSettings.BucketKey,
        [CannedAcl] = ObjectWriteSettings.AclName(destination.WriteSettings.Acl),
        [nameof(Destination.RetentionDays)] = destination.RetentionDays,
        [ExportFormatColumn] = destination.Layout.Format is { } format ? ExportFormats.Name(format) : null,
        [ParquetCodecColumn] = ExportFormats.CodecName(destination.Layout.ParquetCodec),
        [KeyTemplateColumn] = destination.Layout.KeyTemplate,
        [MaxFileMiBColumn] = destination.Layout.MaxFileMiB,
    };
}
