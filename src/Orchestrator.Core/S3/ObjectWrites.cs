using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;

namespace Orchestrator.S3;

/// <summary>
/// The one place that puts a destination's <see cref="ObjectWriteSettings"/> (server-side encryption, KMS key, S3
/// Bucket Key, canned ACL) on a request that creates an object: every PutObject and every CreateMultipartUpload of
/// the service goes through here (UploadPart carries no such header: the upload's creation does).
/// </summary>
public static class ObjectWrites
{
    public static PutObjectRequest Apply(this PutObjectRequest request, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(request);
        Apply(destination, (method, key, bucketKey) =>
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = key;
            request.BucketKeyEnabled = bucketKey;
        }, acl => request.CannedACL = acl);
        return request;
    }

    public static InitiateMultipartUploadRequest Apply(this InitiateMultipartUploadRequest request, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(request);
        Apply(destination, (method, key, bucketKey) =>
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = key;
            request.BucketKeyEnabled = bucketKey;
        }, acl => request.CannedACL = acl);
        return request;
    }

    /// <summary>The two SDK request types share no interface for these headers: each passes its setters.</summary>
    private static void Apply(Destination destination, Action<ServerSideEncryptionMethod, string?, bool?> setEncryption, Action<S3CannedACL> setAcl)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var settings = destination.WriteSettings;
        if (Method(settings) is { } method)
        {
            setEncryption(method, settings.KmsKeyId, settings.BucketKey ? true : null);
        }

        if (Acl(settings) is { } acl)
        {
            setAcl(acl);
        }
    }

    /// <summary>The SDK's value of the <c>x-amz-server-side-encryption</c> header, or null for none.</summary>
    public static ServerSideEncryptionMethod? Method(ObjectWriteSettings settings) => settings?.Encryption switch
    {
        ServerSideEncryption.Aes256 => ServerSideEncryptionMethod.AES256,
        ServerSideEncryption.AwsKms => ServerSideEncryptionMethod.AWSKMS,
        _ => null,
    };

    private static S3CannedACL? Acl(ObjectWriteSettings settings) =>
        settings.Acl == ObjectAcl.BucketOwnerFullControl ? S3CannedACL.BucketOwnerFullControl : null;
}
