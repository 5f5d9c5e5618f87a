using System.Text.RegularExpressions;

namespace Orchestrator.Domain;

/// <summary>
/// Rules for a destination's <see cref="ObjectWriteSettings"/>. A KMS key is given as a key ARN or an alias ARN (never
/// a bare key id or <c>alias/name</c>: the ARN carries the region and account the key lives in, which S3 needs for a
/// key of another account and the generated IAM policy needs as its resource). The key's region must be the
/// destination's region (S3 refuses a key from another region) and its partition the region's partition.
/// </summary>
public static partial class ObjectWriteRules
{
    /// <summary>Field name (as in the API) to problem; empty when the settings are valid for <paramref name="region"/>.</summary>
    public static IReadOnlyDictionary<string, string> Validate(ObjectWriteSettings settings, string region)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Enum.IsDefined(settings.Encryption))
        {
            problems["serverSideEncryption"] = "must be 'none', 'AES256' or 'aws:kms'";
        }

        if (!Enum.IsDefined(settings.Acl))
        {
            problems["cannedAcl"] = "must be 'none' or 'bucket-owner-full-control'";
        }

        if (settings.Encryption != ServerSideEncryption.AwsKms)
        {
            if (settings.KmsKeyId is not null)
            {
                problems["kmsKeyId"] = "is only for serverSideEncryption 'aws:kms'";
            }

            if (settings.BucketKey)
            {
                problems["bucketKey"] = "is only for serverSideEncryption 'aws:kms'";
            }

            return problems;
        }

        if (settings.KmsKeyId is { } key && KmsKeyProblem(key, region) is { } problem)
        {
            problems["kmsKeyId"] = problem;
        }

        return problems;
    }

    /// <summary>Why <paramref name="keyArn"/> cannot encrypt objects in <paramref name="region"/>, or null when it can.</summary>
    public static string? KmsKeyProblem(string keyArn, string region)
    {
        var match = KmsArnPattern().Match(keyArn ?? string.Empty);
        if (!match.Success)
        {
            return "must be a KMS key ARN 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID' or alias ARN 'arn:aws:kms:REGION:ACCOUNT:alias/NAME'";
        }

        if (!string.Equals(match.Groups["region"].Value, region, StringComparison.Ordinal))
        {
            return $"is in region '{match.Groups["region"].Value}' but the bucket is in '{region}': S3 only uses a KMS key of the bucket's region";
        }

        string partition = PartitionOf(region);
        return string.Equals(match.Groups["partition"].Value, partition, StringComparison.Ordinal)
            ? null
            : $"must be in partition '{partition}' (the partition of region '{region}'), not '{match.Groups["partition"].Value}'";
    }

    /// <summary>Whether the key id names an alias (<c>arn:…:alias/NAME</c>) rather than a key.</summary>
    public static bool IsAlias(string keyArn) => KmsArnPattern().Match(keyArn) is { Success: true } m && m.Groups["kind"].Value == "alias";

    /// <summary>The <c>alias/NAME</c> part of an alias ARN.</summary>
    public static string AliasName(string aliasArn) => aliasArn[aliasArn.IndexOf(":alias/", StringComparison.Ordinal)..][1..];

    /// <summary>The ARN prefix <c>arn:PARTITION:kms:REGION:ACCOUNT:</c> of a key or alias ARN.</summary>
    public static string AccountPrefix(string keyArn) => keyArn[..(keyArn.LastIndexOf(':') + 1)];

    /// <summary>The AWS partition of a region: <c>aws-cn</c>, <c>aws-us-gov</c>, <c>aws-iso…</c> or <c>aws</c>.</summary>
    public static string PartitionOf(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
        _ => "aws",
    };

    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):kms:(?<region>[a-z]{2}(-[a-z]+)+-[0-9]):[0-9]{12}:((?<kind>key)/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(?<kind>alias)/[A-Za-z0-9/_-]{1,250})\z", RegexOptions.CultureInvariant)]
    private static partial Regex KmsArnPattern();
}
