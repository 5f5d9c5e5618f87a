using System.Text.Json.Nodes;
using Orchestrator.Domain;

namespace Orchestrator.Iam;

/// <summary>
/// The permission statements a destination's <see cref="ObjectWriteSettings"/> add, and nothing broader:
/// <list type="bullet">
/// <item>a KMS key: <c>kms:GenerateDataKey</c> (every new object and every multipart upload gets a data key) and
/// <c>kms:Decrypt</c> (S3 decrypts that data key to encrypt each further part, and to read the probe back) on that
/// key ARN only. IAM cannot name a key by its alias in <c>Resource</c>: for an alias ARN the statement is on the keys
/// of the alias's account and region, limited by the condition <c>ForAnyValue:StringEquals kms:ResourceAliases</c> =
/// the alias (true for the key the alias points to; <c>kms:RequestAlias</c> would not do: S3's Decrypt calls name no
/// alias). Moving the alias to another key moves the grant with it.</item>
/// <item>the canned ACL: <c>s3:PutObjectAcl</c> under the export path (S3 requires it for a write with <c>x-amz-acl</c>).</item>
/// </list>
/// Without a key (<c>aws:kms</c> with the account's <c>aws/s3</c> key, or <c>AES256</c>) no KMS statement is needed:
/// the AWS managed key's own policy lets S3 use it for any principal of the account.
/// </summary>
public static class ObjectWriteStatements
{
    public const string KmsSid = "UseTheDestinationKmsKey";

    public const string AclSid = "SetBucketOwnerFullControl";

    public static IReadOnlyList<JsonObject> For(Destination destination, string objectsArn)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var settings = destination.WriteSettings;
        var statements = new List<JsonObject>();
        if (settings.Encryption == ServerSideEncryption.AwsKms && settings.KmsKeyId is { } key)
        {
            var kms = new JsonObject
            {
                ["Sid"] = KmsSid,
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray("kms:GenerateDataKey", "kms:Decrypt"),
            };
            if (ObjectWriteRules.IsAlias(key))
            {
                kms["Resource"] = ObjectWriteRules.AccountPrefix(key) + "key/*";
                kms["Condition"] = new JsonObject
                {
                    ["ForAnyValue:StringEquals"] = new JsonObject { ["kms:ResourceAliases"] = ObjectWriteRules.AliasName(key) },
                };
            }
            else
            {
                kms["Resource"] = key;
            }

            statements.Add(kms);
        }

        if (settings.Acl == ObjectAcl.BucketOwnerFullControl)
        {
            statements.Add(new JsonObject
            {
                ["Sid"] = AclSid,
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray("s3:PutObjectAcl"),
                ["Resource"] = objectsArn,
                ["Condition"] = new JsonObject
                {
                    ["StringEquals"] = new JsonObject { ["s3:x-amz-acl"] = "bucket-owner-full-control" },
                },
            });
        }

        return statements;
    }
}
