using System.Text.Json.Nodes;
using Orchestrator.Domain;

namespace Orchestrator.Iam;

/// <summary>
/// Least-privilege IAM documents for a destination: exactly the S3 actions the service uses, limited to the bucket
/// path, and a trust policy that names our principals with an <c>sts:ExternalId</c> condition (never an empty one).
/// </summary>
public static class IamPolicyGenerator
{
    /// <summary>Object actions the export and the connection test use, including what multipart uploads need.</summary>
    public static readonly IReadOnlyList<string> ObjectActions =
        ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];

    public static IamPolicyDocuments Generate(Destination destination, IReadOnlyList<string> trustedPrincipalArns)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string bucketArn = "arn:aws:s3:::" + destination.Bucket;
        string objects = destination.BucketPath.Length == 0 ? bucketArn + "/*" : $"{bucketArn}/{destination.BucketPath}/*";

        var list = new JsonObject
        {
            ["Sid"] = "ListTheExportPath",
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray("s3:ListBucket"),
            ["Resource"] = bucketArn,
        };
        if (destination.BucketPath.Length > 0)
        {
            list["Condition"] = new JsonObject
            {
                ["StringLike"] = new JsonObject { ["s3:prefix"] = new JsonArray(destination.BucketPath + "/*", destination.BucketPath + "/") },
            };
        }

        var permission = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(
                list,
                new JsonObject
                {
                    ["Sid"] = "FindUploadsAndRegion",
                    ["Effect"] = "Allow",
                    ["Action"] = new JsonArray("s3:ListBucketMultipartUploads", "s3:GetBucketLocation", "s3:GetBucketObjectLockConfiguration"),
                    ["Resource"] = bucketArn,
                },
                new JsonObject
                {
                    ["Sid"] = "ReadWriteUnderTheExportPath",
                    ["Effect"] = "Allow",
                    ["Action"] = new JsonArray([.. ObjectActions.Select(a => (JsonNode)JsonValue.Create(a)!)]),
                    ["Resource"] = objects,
                }),
        };

        JsonObject? trust = null;
        if (destination.AuthMethod == AuthMethod.AssumeRole)
        {
            if (string.IsNullOrEmpty(destination.ExternalId))
            {
                throw new InvalidOperationException("A role destination always has an ExternalId.");
            }

            trust = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["AWS"] = new JsonArray([.. trustedPrincipalArns.Select(a => (JsonNode)JsonValue.Create(a)!)]) },
                    ["Action"] = "sts:AssumeRole",
                    ["Condition"] = new JsonObject
                    {
                        ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = destination.ExternalId },
                    },
                }),
            };
        }

        return new IamPolicyDocuments(permission, trust);
    }

    /// <summary>The same permission policy without one action (used to explain and to test a missing grant).</summary>
    public static JsonObject Without(JsonObject policy, string action)
    {
        var copy = (JsonObject)policy.DeepClone();
        foreach (var statement in copy["Statement"]!.AsArray())
        {
            var actions = statement!["Action"]!.AsArray();
            foreach (var node in actions.Where(a => a!.GetValue<string>() == action).ToList())
            {
                actions.Remove(node);
            }
        }

        return copy;
    }
}
