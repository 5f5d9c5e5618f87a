namespace Orchestrator.Validation.Models;

/// <summary>The checks of "test connection", in the order they run; each needs the ones before it.</summary>
public static class DestinationChecks
{
    public const string Credentials = "credentials";
    public const string BucketExists = "bucketExists";
    public const string Region = "region";
    public const string ListBucket = "listBucket";
    public const string PutObject = "putObject";
    public const string GetObject = "getObject";
    public const string MultipartUpload = "multipartUpload";
    public const string DeleteObject = "deleteObject";

    /// <summary>Informational: whether the bucket has S3 Object Lock (our uploads carry CRC-32C checksums either way).</summary>
    public const string ObjectLock = "objectLock";

    public static IReadOnlyList<string> InOrder { get; } =
        [Credentials, BucketExists, Region, ListBucket, PutObject, GetObject, MultipartUpload, DeleteObject, ObjectLock];
}
