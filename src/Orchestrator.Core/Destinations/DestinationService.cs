using Orchestrator.Credentials;
using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>
/// Creates, changes and deletes destinations. Access-key secrets go straight to the secret store (one secret per
/// destination, a new version on rotation, deleted with the destination); the registry keeps only the secret's name
/// and version. Role destinations get a random ExternalId at creation.
/// </summary>
public sealed class DestinationService(IDestinationStore store, ISecretStore secrets)
{
    public async Task<StoredDestination> CreateAsync(DestinationDraft draft, CancellationToken cancellationToken)
    {
        if (await store.GetStoredAsync(draft.TenantId, draft.DestinationId, cancellationToken) is not null)
        {
            throw new DestinationConflictException($"Destination '{draft.DestinationId}' already exists.");
        }

        var destination = Build(draft, existing: null);
        if (draft.AuthMethod == AuthMethod.AccessKey)
        {
            // A fresh secret name per creation: a racing duplicate create can never overwrite another destination's secret.
            string name = DestinationSecrets.SecretName(draft.TenantId, draft.DestinationId) + "-" + ExternalIds.New()[5..13];
            string version = await secrets.SetSecretAsync(name, draft.SecretAccessKey!, cancellationToken);
            destination = destination with { SecretName = name, SecretVersion = version };
        }

        try
        {
            string etag = await store.CreateAsync(destination, cancellationToken);
            return new StoredDestination(destination, etag);
        }
        catch (DestinationConflictException)
        {
            if (destination.SecretName is not null)
            {
                await secrets.DeleteSecretAsync(destination.SecretName, CancellationToken.None);
            }

            throw;
        }
    }

    /// <summary>Replaces a destination if <paramref name="ifMatch"/> is still its ETag. A new secret key rotates the secret.</summary>
    public async Task<StoredDestination?> UpdateAsync(DestinationDraft draft, string ifMatch, CancellationToken cancellationToken)
    {
        var current = await store.GetStoredAsync(draft.TenantId, draft.DestinationId, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (ifMatch == "*")
        {
            ifMatch = current.ETag;
        }

        if (!string.Equals(current.ETag, ifMatch, StringComparison.Ordinal))
        {
            throw new DestinationConflictException($"Destination '{draft.DestinationId}' was changed by someone else: read it again and retry with its new ETag.");
        }

        var old = current.Destination;
        if (draft.AuthMethod == AuthMethod.AccessKey && draft.SecretAccessKey is null && old.SecretName is null)
        {
            throw new DestinationValidationException("secretAccessKey", "is required when changing a destination to 'accessKey'");
        }

        var destination = Build(draft, old);
        string? orphanedSecret = null;
        if (draft.AuthMethod == AuthMethod.AccessKey)
        {
            string name = old.SecretName ?? DestinationSecrets.SecretName(draft.TenantId, draft.DestinationId) + "-" + ExternalIds.New()[5..13];
            if (draft.SecretAccessKey is { } secret)
            {
                // A new version of the same secret; the registry row records which version is current, so a racing
                // update that loses on If-Match never becomes the secret in use.
                string version = await secrets.SetSecretAsync(name, secret, cancellationToken);
                destination = destination with { SecretName = name, SecretVersion = version };
            }
            else
            {
                destination = destination with { SecretName = old.SecretName, SecretVersion = old.SecretVersion };
            }
        }
        else
        {
            orphanedSecret = old.SecretName; // switched to a role: the old secret key has no use any more
        }

        string etag = await store.ReplaceAsync(destination, ifMatch, cancellationToken);
        if (orphanedSecret is not null)
        {
            await secrets.DeleteSecretAsync(orphanedSecret, cancellationToken);
        }

        return new StoredDestination(destination, etag);
    }

    /// <summary>Deletes the destination and then its secret; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(tenantId, destinationId, cancellationToken);
        if (current is null)
        {
            return false;
        }

        await store.DeleteAsync(tenantId, destinationId, cancellationToken);
        if (current.SecretName is not null)
        {
            await secrets.DeleteSecretAsync(current.SecretName, cancellationToken);
        }

        return true;
    }

    /// <summary>Gives a role destination a new ExternalId (the customer must update the trust policy).</summary>
    public async Task<StoredDestination?> RotateExternalIdAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var current = await store.GetStoredAsync(tenantId, destinationId, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (current.Destination.AuthMethod != AuthMethod.AssumeRole)
        {
            throw new InvalidOperationException("Only IAM-role destinations have an ExternalId.");
        }

        var destination = current.Destination with { ExternalId = ExternalIds.New() };
        string etag = await store.ReplaceAsync(destination, current.ETag, cancellationToken);
        return new StoredDestination(destination, etag);
    }

    private static Destination Build(DestinationDraft draft, Destination? existing) => new()
    {
        TenantId = draft.TenantId,
        DestinationId = draft.DestinationId,
        AuthMethod = draft.AuthMethod,
        Bucket = draft.Bucket,
        Region = draft.Region,
        BucketPath = draft.BucketPath,
        AccessKeyId = draft.AuthMethod == AuthMethod.AccessKey ? draft.AccessKeyId : null,
        RoleArn = draft.AuthMethod == AuthMethod.AssumeRole ? draft.RoleArn : null,
        ExternalId = draft.AuthMethod == AuthMethod.AssumeRole ? existing?.ExternalId ?? ExternalIds.New() : null,
        Schedule = draft.Schedule,
    };
}
