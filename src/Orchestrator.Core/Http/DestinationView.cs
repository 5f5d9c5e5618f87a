namespace Orchestrator.Http;

/// <summary>
/// What the API shows of a destination. Never the secret key: only whether one is stored. <c>format</c> null follows the
/// service default (csv.gz unless Export:Compression is None); <c>keyTemplate</c> is the one in force (today's layout by default).
/// </summary>
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
    int? RetentionDays = null,
    string? Format = null,
    string ParquetCodec = "snappy",
    string KeyTemplate = Orchestrator.Exports.ExportKeyTemplate.Default,
    int? MaxFileMiB = null);
