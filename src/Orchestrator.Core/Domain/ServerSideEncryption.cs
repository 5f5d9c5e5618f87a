namespace Orchestrator.Domain;

/// <summary>How S3 encrypts the objects the service writes into a destination (the <c>x-amz-server-side-encryption</c> header).</summary>
public enum ServerSideEncryption
{
    /// <summary>No header: the bucket's default encryption applies.</summary>
    None = 0,

    /// <summary><c>AES256</c>: SSE-S3, keys managed by S3.</summary>
    Aes256 = 1,

    /// <summary><c>aws:kms</c>: SSE-KMS with the given key, or the account's <c>aws/s3</c> key when none is given.</summary>
    AwsKms = 2,
}
