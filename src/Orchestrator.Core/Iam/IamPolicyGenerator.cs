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

    /// <summary>Both documents; for a role destination the trust policy needs our principals.</summary>
    /// <exception cref="TrustPolicyUnavailableException">A role destination and no principal of ours is configured.</exception>
    public static IamPolicyDocuments Generate(Destination destination, IReadOnlyList<string> trustedPrincipalArns)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(trustedPrincipalArns);
        return new IamPolicyDocuments(
            PermissionPolicy(destination),
            destination.AuthMethod == AuthMethod.AssumeRole ? TrustPolicy(destination, trustedPrincipalArns) : null);
    }

    /// <summary>The permission policy, in the partition of the destination's region (arn:aws-cn:s3:::... in China).</summary>
    public static JsonObject PermissionPolicy(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string bucketArn = $"arn:{AwsPartitions.For(destination.Region)}:s3:::" + destination.Bucket;
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

        foreach (var statement in ObjectWriteStatements.For(destination, objects))
        {
            permission["Statement"]!.AsArray().Add(statement);
        }

        return permission;
    }

    /// <summary>The trust policy of a role destination: our principals, with its ExternalId as the condition.</summary>
    /// <exception cref="TrustPolicyUnavailableException">No principal of ours is configured.</exception>
    public static JsonObject TrustPolicy(Destination destination, IReadOnlyList<string> trustedPrincipalArns)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(trustedPrincipalArns);
        if (destination.AuthMethod != AuthMethod.AssumeRole || string.IsNullOrEmpty(destination.ExternalId))
        {
            throw new InvalidOperationException("Only a role destination, which always has an ExternalId, has a trust policy.");
        }

        if (trustedPrincipalArns.Count == 0 || trustedPrincipalArns.Any(string.IsNullOrWhiteSpace))
        {
            throw new TrustPolicyUnavailableException();
        }

        return new JsonObject
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
