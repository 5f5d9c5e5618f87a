namespace Orchestrator.Http;

/// <summary>What the API shows of a destination. Never the secret key: only whether one is stored.</summary>
public sealed record DestinationView(
    string DestinationId,
    string AuthMethod,
    string Bucket,
    string Region,
    string BucketPath,
    string? AccessKeyId,
    bool HasSecretKey,
    string? RoleArn,
    string? ExternalId,
    string ETag,
    Orchestrator.Domain.DestinationSchedule? Schedule = null,
    string ServerSideEncryption = "none",
    string? KmsKeyId = null,
    bool BucketKey = false,
    string CannedAcl = "none",
    int? RetentionDays = null);
