using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>
/// What a customer submits for a destination (create or update). The secret access key appears here only on its
/// way to the secret store; it is never stored, logged or returned.
/// </summary>
public sealed record DestinationDraft(
    string TenantId,
    string DestinationId,
    AuthMethod AuthMethod,
    string Bucket,
    string Region,
    string BucketPath,
    string? AccessKeyId,
    string? SecretAccessKey,
    string? RoleArn,
    DestinationSchedule? Schedule = null)
{
    /// <summary>Never print the secret, even in a debugger or an exception message.</summary>
    public override string ToString() =>
        $"{nameof(DestinationDraft)} {{ {this.TenantId}/{this.DestinationId}, {this.AuthMethod}, s3://{this.Bucket}/{this.BucketPath} ({this.Region}) }}";
}
