using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Domain;
using Orchestrator.Options;

namespace Orchestrator.Destinations;

/// <summary>
/// Creates, changes and deletes destinations. Access-key secrets go straight to the secret store (one secret per
/// destination, a new version on rotation, deleted with the destination); the registry keeps only the secret's name
/// and version. Role destinations get a random ExternalId at creation. It is the one way to make or change a
/// destination (HTTP API, CLI, demo, benchmark, tests): it normalises the bucket path and refuses what
/// <see cref="DestinationRules"/> refuses, naming the field, before anything is written.
/// </summary>
public sealed class DestinationService(IDestinationStore store, ISecretStore secrets, IOptions<S3Options> s3Options, IOptions<StsOptions> stsOptions)
{
    private readonly RoleArnPolicy rolePolicy = RoleArnPolicies.From(s3Options.Value, stsOptions.Value);

    /// <exception cref="DestinationConflictException">The id is taken (the message names it).</exception>
    /// <exception cref="DestinationValidationException">A field breaks the destination rules.</exception>
    public async Task<StoredDestination> CreateAsync(DestinationDraft draft, CancellationToken cancellationToken)
    {
        draft = Checked(draft);
        if (draft.AuthMethod == AuthMethod.AccessKey && string.IsNullOrEmpty(draft.SecretAccessKey))
        {
            throw new DestinationValidationException("secretAccessKey", "is required when creating an 'accessKey' destination");
        }

        if (await store.GetStoredAsync(draft.TenantId, draft.DestinationId, cancellationToken) is not null)
        {
            throw new DestinationConflictException($"Destination '{draft.DestinationId}' already exists.");
        }

        // A fresh secret name per creation: a racing duplicate create can never overwrite another destination's secret.
        var destination = this.Valid(Build(draft, existing: null) with
        {
            SecretName = draft.AuthMethod == AuthMethod.AccessKey ? NewSecretName(draft) : null,
        });
        if (destination.SecretName is { } name)
        {
            destination = destination with { SecretVersion = await secrets.SetSecretAsync(name, draft.SecretAccessKey!, cancellationToken) };
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

    /// <summary>
    /// Creates the destination, or replaces the one stored under its id (<c>destination add --replace</c>, the demo):
    /// the replacement is an update with the ETag just read, so a change made by someone else in between is refused,
    /// and an access-key secret that is not given is kept.
    /// </summary>
    public async Task<StoredDestination> CreateOrReplaceAsync(DestinationDraft draft, CancellationToken cancellationToken)
    {
        var current = await store.GetStoredAsync(draft.TenantId, draft.DestinationId, cancellationToken);
        return current is null
            ? await this.CreateAsync(draft, cancellationToken)
            : await this.UpdateAsync(draft, current.ETag, cancellationToken)
                ?? throw new DestinationConflictException($"Destination '{draft.DestinationId}' was deleted while it was being replaced.");
    }

    /// <summary>Replaces a destination if <paramref name="ifMatch"/> is still its ETag. A new secret key rotates the secret.</summary>
    /// <exception cref="DestinationValidationException">A field breaks the destination rules.</exception>
    public async Task<StoredDestination?> UpdateAsync(DestinationDraft draft, string ifMatch, CancellationToken cancellationToken)
    {
        draft = Checked(draft);
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

        string? orphanedSecret = null;
        var destination = this.Valid(Build(draft, old) with
        {
            SecretName = draft.AuthMethod == AuthMethod.AccessKey ? old.SecretName ?? NewSecretName(draft) : null,
        });
        if (draft.AuthMethod == AuthMethod.AccessKey)
        {
            string name = destination.SecretName!;
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

    /// <summary>The draft with its bucket path normalised (as the HTTP parser does), or the field at fault.</summary>
    private static DestinationDraft Checked(DestinationDraft draft)
    {
        if (!Identifiers.IsValidId(draft.TenantId))
        {
            throw new DestinationValidationException("tenant", "must be 1-64 letters, digits, '-' or '_'");
        }

        if (!Identifiers.IsValidId(draft.DestinationId))
        {
            throw new DestinationValidationException("destinationId", "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }

        if (!BucketPath.TryNormalize(draft.BucketPath, out string? path, out string? error))
        {
            throw new DestinationValidationException("bucketPath", error);
        }

        return draft with { BucketPath = path };
    }

    /// <summary>The destination as it would be stored, or the first field <see cref="DestinationRules"/> refuses.</summary>
    private Destination Valid(Destination destination)
    {
        foreach (var (field, problem) in DestinationRules.Validate(destination, this.rolePolicy))
        {
            throw new DestinationValidationException(field, problem);
        }

        return destination;
    }

    private static string NewSecretName(DestinationDraft draft) =>
        DestinationSecrets.SecretName(draft.TenantId, draft.DestinationId) + "-" + ExternalIds.New()[5..13];

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
        ExternalId = draft.AuthMethod != AuthMethod.AssumeRole ? null
            : DestinationRules.IsGeneratedExternalId(existing?.ExternalId) ? existing!.ExternalId
            : ExternalIds.New(),
        Schedule = draft.Schedule,
        WriteSettings = draft.WriteSettings ?? ObjectWriteSettings.Default,
        RetentionDays = draft.RetentionDays,
        Layout = draft.Layout ?? ExportLayout.Default,
    };
}
