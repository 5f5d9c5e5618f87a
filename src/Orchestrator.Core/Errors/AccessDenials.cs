using System.Text.RegularExpressions;
using Amazon.Runtime;
using Orchestrator.Domain;

namespace Orchestrator.Errors;

/// <summary>
/// Reads an S3 denial of a destination's object write or read and says which action was denied and how to fix it:
/// the identity's policy lacking the S3 action, a KMS denial of the destination's key (AWS names
/// <c>kms:GenerateDataKey</c> / <c>kms:Decrypt</c> in the message, or answers a <c>KMS.*</c> error code), or the
/// bucket policy (AWS says "explicit deny in a resource-based policy"), typically one that requires encryption.
/// Servers that send no message (radosgw) get every likely cause, the destination's settings deciding the order.
/// </summary>
public static partial class AccessDenials
{
    /// <summary>Whether the error is S3 refusing the call because of the KMS key (denied, disabled, missing).</summary>
    public static bool IsKms(AmazonServiceException exception) =>
        exception?.ErrorCode?.StartsWith("KMS.", StringComparison.Ordinal) == true
        || DeniedAction(exception?.Message)?.StartsWith("kms:", StringComparison.Ordinal) == true;

    /// <summary>The action AWS names in "… is not authorized to perform: ACTION on resource: …", or null.</summary>
    public static string? DeniedAction(string? message) =>
        message is not null && DeniedActionPattern().Match(message) is { Success: true } m ? m.Groups["action"].Value : null;

    /// <summary>Whether AWS says a resource-based policy (the bucket policy) denied it explicitly.</summary>
    public static bool ByBucketPolicy(string? message) =>
        message?.Contains("explicit deny in a resource-based policy", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The advice for a 403 (or KMS error) on <paramref name="s3Action"/> (<c>s3:PutObject</c> for PutObject and every
    /// multipart step, <c>s3:GetObject</c> for reads) of <paramref name="resourceArn"/> in <paramref name="destination"/>.
    /// </summary>
    public static string Advice(AmazonServiceException exception, string s3Action, string resourceArn, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(destination);
        var settings = destination.WriteSettings;
        string identity = destination.AuthMethod == AuthMethod.AssumeRole ? "role's permission policy" : "IAM user's policy";
        string key = settings.KmsKeyId ?? "the bucket's KMS key";
        string kmsGrant = $"\"kms:GenerateDataKey\" and \"kms:Decrypt\" on \"{key}\" in the {identity} (GET …/destinations/{destination.DestinationId}/iam-policy includes them) and in the key's key policy";
        string? named = DeniedAction(exception.Message);
        bool write = s3Action == "s3:PutObject";

        if (exception.ErrorCode?.StartsWith("KMS.", StringComparison.Ordinal) == true)
        {
            return $"KMS refused the destination's key ({exception.ErrorCode}): check that \"{key}\" exists in region '{destination.Region}', is enabled, and that the destination's kmsKeyId names it.";
        }

        if (named?.StartsWith("kms:", StringComparison.Ordinal) == true)
        {
            return $"KMS denied {named}: S3 needs it to {(write ? "encrypt" : "decrypt")} with the destination's key. Grant {kmsGrant}.";
        }

        string action = named ?? s3Action;
        string aclGrant = write && settings.Acl == ObjectAcl.BucketOwnerFullControl ? " and \"s3:PutObjectAcl\" (for the bucket-owner-full-control ACL)" : string.Empty;
        if (ByBucketPolicy(exception.Message))
        {
            return $"The bucket policy denies {action} on {resourceArn} (an explicit deny). " + (write ? BucketPolicyHint(settings) : "Ask the bucket owner to allow the destination's identity.");
        }

        string credentials = destination.AuthMethod == AuthMethod.AssumeRole ? "role" : "access key and secret key";
        string causes = $"Access denied: {action} on {resourceArn} was refused. Check the destination's credentials ({credentials}) and that the {identity} allows \"{action}\" on \"{resourceArn}\"{aclGrant}";
        if (!write)
        {
            return settings.Encryption == ServerSideEncryption.AwsKms
                ? $"{causes}; or KMS denied the key: grant {kmsGrant}."
                : causes + "; or the bucket policy denies it.";
        }

        return settings.Encryption switch
        {
            ServerSideEncryption.None => $"{causes}; or the bucket policy denies it: a bucket policy that requires encryption (s3:x-amz-server-side-encryption) refuses our upload, which carries no encryption header. Set the destination's serverSideEncryption ('aws:kms' with the kmsKeyId the policy requires, or 'AES256').",
            ServerSideEncryption.AwsKms => $"{causes}; or KMS denied kms:GenerateDataKey on the key: grant {kmsGrant}; or the bucket policy denies it (it may require another key than \"{key}\" or another encryption).",
            _ => $"{causes}; or the bucket policy denies it (it may require 'aws:kms' encryption, or a KMS key, where the destination sends AES256).",
        };
    }

    private static string BucketPolicyHint(ObjectWriteSettings settings) => settings.Encryption == ServerSideEncryption.None
        ? "It typically requires encryption (s3:x-amz-server-side-encryption) and our upload carries none: set the destination's serverSideEncryption ('aws:kms' with the kmsKeyId the policy requires, or 'AES256')."
        : $"It may require another encryption or KMS key than the destination's ({ObjectWriteSettings.EncryptionName(settings.Encryption)}{(settings.KmsKeyId is { } k ? " with " + k : string.Empty)}), or the bucket-owner-full-control ACL: compare it with the destination's settings.";

    [GeneratedRegex(@"not authorized to perform: (?<action>[a-z0-9-]+:[A-Za-z0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DeniedActionPattern();
}
