namespace Orchestrator.Domain;

/// <summary>
/// What every object the service writes into a destination carries: server-side encryption (with an optional KMS key
/// ARN or alias ARN and S3 Bucket Key) and a canned ACL. Applied by <see cref="S3.ObjectWrites"/> to each PutObject and
/// CreateMultipartUpload, so no write site can forget it.
/// </summary>
public sealed record ObjectWriteSettings(
    ServerSideEncryption Encryption = ServerSideEncryption.None,
    string? KmsKeyId = null,
    bool BucketKey = false,
    ObjectAcl Acl = ObjectAcl.None)
{
    /// <summary>The bucket's defaults: no encryption header, no ACL header (also what rows stored before these options read as).</summary>
    public static ObjectWriteSettings Default { get; } = new();

    /// <summary>The header value: <c>none</c>, <c>AES256</c> or <c>aws:kms</c>.</summary>
    public static string EncryptionName(ServerSideEncryption encryption) => encryption switch
    {
        ServerSideEncryption.Aes256 => "AES256",
        ServerSideEncryption.AwsKms => "aws:kms",
        _ => "none",
    };

    public static bool TryParseEncryption(string? text, out ServerSideEncryption encryption)
    {
        encryption = text?.ToLowerInvariant() switch
        {
            null or "" or "none" => ServerSideEncryption.None,
            "aes256" or "sse-s3" => ServerSideEncryption.Aes256,
            "aws:kms" or "sse-kms" => ServerSideEncryption.AwsKms,
            _ => (ServerSideEncryption)(-1),
        };
        return Enum.IsDefined(encryption);
    }

    /// <summary>The header value: <c>none</c> or <c>bucket-owner-full-control</c>.</summary>
    public static string AclName(ObjectAcl acl) => acl == ObjectAcl.BucketOwnerFullControl ? "bucket-owner-full-control" : "none";

    public static bool TryParseAcl(string? text, out ObjectAcl acl)
    {
        acl = text?.ToLowerInvariant() switch
        {
            null or "" or "none" => ObjectAcl.None,
            "bucket-owner-full-control" => ObjectAcl.BucketOwnerFullControl,
            _ => (ObjectAcl)(-1),
        };
        return Enum.IsDefined(acl);
    }
}
