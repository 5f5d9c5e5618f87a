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
    DestinationSchedule? Schedule = null,
    ObjectWriteSettings? WriteSettings = null,
    int? RetentionDays = null,
    ExportLayout? Layout = null)
{
    /// <summary>A draft that leaves <paramref name="destination"/> as it is (its secret is kept: none is given); change it with <c>with</c>.</summary>
    public static DestinationDraft Of(Destination destination) => new(
        destination.TenantId,
        destination.DestinationId,
        destination.AuthMethod,
        destination.Bucket,
        destination.Region,
        destination.BucketPath,
        destination.AccessKeyId,
        SecretAccessKey: null,
        destination.RoleArn,
        destination.Schedule,
        destination.WriteSettings,
        destination.RetentionDays,
        destination.Layout);

    /// <summary>Never print the secret, even in a debugger or an exception message.</summary>
    public override string ToString() =>
        $"{nameof(DestinationDraft)} {{ {this.TenantId}/{this.DestinationId}, {this.AuthMethod}, s3://{this.Bucket}/{this.BucketPath} ({this.Region}) }}";
}
