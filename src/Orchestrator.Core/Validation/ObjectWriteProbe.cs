using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.S3;
using Orchestrator.Validation.Models;

namespace Orchestrator.Validation;

/// <summary>
/// What the connection test says about a destination's <see cref="ObjectWriteSettings"/>: the probe is written with
/// them (<see cref="ObjectWrites"/>), its read-back must show the encryption asked for, and a denial of a write or read
/// names the action that was denied (the S3 action, KMS's, or the bucket policy's) and the fix.
/// </summary>
public static class ObjectWriteProbe
{
    /// <summary>" with aws:kms (key …) and ACL bucket-owner-full-control", or "" for the bucket's defaults.</summary>
    public static string Describe(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var s = destination.WriteSettings;
        var parts = new List<string>();
        if (s.Encryption != ServerSideEncryption.None)
        {
            parts.Add(ObjectWriteSettings.EncryptionName(s.Encryption) + (s.KmsKeyId is { } key ? $" (key {key})" : string.Empty) + (s.BucketKey ? " and an S3 Bucket Key" : string.Empty));
        }

        if (s.Acl != ObjectAcl.None)
        {
            parts.Add("ACL " + ObjectWriteSettings.AclName(s.Acl));
        }

        return parts.Count == 0 ? string.Empty : " with " + string.Join(" and ", parts);
    }

    /// <summary>A failed check when the read-back object is not encrypted as the destination asks, or null.</summary>
    public static CheckResult? ReadBackMismatch(string check, GetObjectResponse response, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(destination);
        var s = destination.WriteSettings;
        if (ObjectWrites.Method(s) is not { } expected)
        {
            return null;
        }

        var actual = response.ServerSideEncryptionMethod;
        string actualName = actual is null || actual == ServerSideEncryptionMethod.None ? "none" : actual.Value;
        if (actualName != expected.Value)
        {
            return CheckResult.Fail(
                check,
                $"The probe was written with x-amz-server-side-encryption {expected.Value} but S3 reports it encrypted with '{actualName}'.",
                "EncryptionNotApplied",
                "The S3 endpoint ignored the encryption header: check that the bucket (or S3-compatible server) supports " + expected.Value + ", or set serverSideEncryption to 'none' to rely on the bucket's default encryption.");
        }

        // AWS answers the key ARN whether the request named the key or an alias: compare only a key ARN with a key ARN.
        string? key = response.ServerSideEncryptionKeyManagementServiceKeyId;
        if (s.KmsKeyId is { } wanted && !ObjectWriteRules.IsAlias(wanted) && key is { Length: > 0 } && !string.Equals(key, wanted, StringComparison.Ordinal))
        {
            return CheckResult.Fail(check, $"The probe was encrypted with KMS key '{key}', not the destination's '{wanted}'.", "KmsKeyMismatch", "Set kmsKeyId to the key the bucket uses, or check the bucket's default encryption settings.");
        }

        return null;
    }

    /// <summary>
    /// A failed check for a denied (403), KMS (<c>KMS.*</c>) or ACL-refused object write or read, naming the denied
    /// action and the fix; null when <paramref name="exception"/> is none of these.
    /// </summary>
    public static CheckResult? Denied(string check, AmazonS3Exception exception, Destination destination, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(destination);
        if (exception.ErrorCode == "AccessControlListNotSupported")
        {
            return CheckResult.Fail(
                check,
                $"AccessControlListNotSupported: the bucket refuses the ACL {ObjectWriteSettings.AclName(destination.WriteSettings.Acl)} (its Object Ownership is 'bucket owner enforced').",
                exception.ErrorCode,
                "Set the destination's cannedAcl to 'none': the bucket owner already owns every object written.");
        }

        bool kms = AccessDenials.IsKms(exception);
        if (exception.StatusCode != System.Net.HttpStatusCode.Forbidden && !kms)
        {
            return null;
        }

        string denied = AccessDenials.DeniedAction(exception.Message) ?? action;
        string code = exception.ErrorCode ?? "AccessDenied";
        return CheckResult.Fail(
            check,
            kms ? $"{code}: KMS denied {denied} for the destination's key, so {action} on {resource} failed." : $"{code}: {denied} on {resource} was denied.",
            kms && code == "AccessDenied" ? "KmsAccessDenied" : code,
            AccessDenials.Advice(exception, action, resource, destination));
    }
}
