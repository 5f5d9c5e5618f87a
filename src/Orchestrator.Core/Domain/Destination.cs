namespace Orchestrator.Domain;

/// <summary>
/// A customer's S3 destination as stored in the registry. It holds references only: the secret key lives in the
/// secret store under <see cref="SecretName"/> and is resolved by the activity that does the I/O.
/// </summary>
public sealed record Destination
{
    public required string TenantId { get; init; }

    public required string DestinationId { get; init; }

    public required string Bucket { get; init; }

    public required string Region { get; init; }

    /// <summary>The normalised optional bucket path ("" for the bucket root, otherwise "a/b" without slashes at either end).</summary>
    public string BucketPath { get; init; } = string.Empty;

    public AuthMethod AuthMethod { get; init; }

    /// <summary>Access key id (not secret) for <see cref="AuthMethod.AccessKey"/>.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Name of the secret that holds the secret access key.</summary>
    public string? SecretName { get; init; }

    /// <summary>Version of that secret when it was last set (rotation changes it).</summary>
    public string? SecretVersion { get; init; }

    /// <summary>Role to assume for <see cref="AuthMethod.AssumeRole"/>.</summary>
    public string? RoleArn { get; init; }

    /// <summary>Nightly schedule; null when the destination is only used on demand.</summary>
    public DestinationSchedule? Schedule { get; init; }

    /// <summary>ExternalId passed on AssumeRole (not a secret: the customer sees it in their trust policy).</summary>
    public string? ExternalId { get; init; }

    /// <summary>Server-side encryption and canned ACL of every object the service writes here (bucket defaults when not set).</summary>
    public ObjectWriteSettings WriteSettings { get; init; } = ObjectWriteSettings.Default;

    /// <summary>Days after which objects our runs wrote (and nobody changed since) are deleted; null keeps everything.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Format, Parquet codec, key template and maximum file size of this destination's exports (today's layout by default).</summary>
    public ExportLayout Layout { get; init; } = ExportLayout.Default;
}
