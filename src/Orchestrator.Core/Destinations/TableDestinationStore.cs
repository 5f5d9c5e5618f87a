using Azure;
using Azure.Data.Tables;
using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>Destinations in Azure Table Storage: PartitionKey = tenant, RowKey = destination id. No secret values.</summary>
public sealed class TableDestinationStore(TableClient table) : IDestinationStore
{
    public async Task<Destination?> GetAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, destinationId, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new Destination
        {
            TenantId = e.PartitionKey,
            DestinationId = e.RowKey,
            Bucket = e.GetString(nameof(Destination.Bucket)) ?? string.Empty,
            Region = e.GetString(nameof(Destination.Region)) ?? string.Empty,
            BucketPath = e.GetString(nameof(Destination.BucketPath)) ?? string.Empty,
            AuthMethod = Enum.TryParse<AuthMethod>(e.GetString(nameof(Destination.AuthMethod)), out var m) ? m : AuthMethod.AccessKey,
            AccessKeyId = e.GetString(nameof(Destination.AccessKeyId)),
            SecretName = e.GetString(nameof(Destination.SecretName)),
            RoleArn = e.GetString(nameof(Destination.RoleArn)),
            ExternalId = e.GetString(nameof(Destination.ExternalId)),
        };
    }

    public async Task UpsertAsync(Destination destination, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(destination.TenantId, destination.DestinationId)
        {
            [nameof(Destination.Bucket)] = destination.Bucket,
            [nameof(Destination.Region)] = destination.Region,
            [nameof(Destination.BucketPath)] = destination.BucketPath,
            [nameof(Destination.AuthMethod)] = destination.AuthMethod.ToString(),
            [nameof(Destination.AccessKeyId)] = destination.AccessKeyId,
            [nameof(Destination.SecretName)] = destination.SecretName,
            [nameof(Destination.RoleArn)] = destination.RoleArn,
            [nameof(Destination.ExternalId)] = destination.ExternalId,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
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
}
