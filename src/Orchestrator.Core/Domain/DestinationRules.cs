using System.Text.RegularExpressions;

namespace Orchestrator.Domain;

/// <summary>Field rules for destinations; returns field name to problem.</summary>
public static partial class DestinationRules
{
    public static IReadOnlyDictionary<string, string> Validate(Destination destination)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsValidBucketName(destination.Bucket))
        {
            problems["bucket"] = "must be 3-63 characters of lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, and not an IP address";
        }

        if (!IsValidRegion(destination.Region))
        {
            problems["region"] = "must be an AWS region such as 'us-east-1'";
        }

        if (!BucketPath.TryNormalize(destination.BucketPath, out string? normalized, out string? error))
        {
            problems["bucketPath"] = error;
        }
        else if (normalized != destination.BucketPath)
        {
            problems["bucketPath"] = "is not normalised";
        }

        if (destination.RetentionDays is { } days && (days < MinRetentionDays || days > MaxRetentionDays))
        {
            problems["retentionDays"] = RetentionDaysRule;
        }

        switch (destination.AuthMethod)
        {
            case AuthMethod.AccessKey:
                if (string.IsNullOrWhiteSpace(destination.AccessKeyId))
                {
                    problems["accessKeyId"] = "is required for access-key destinations";
                }

                if (string.IsNullOrWhiteSpace(destination.SecretName))
                {
                    problems["secretName"] = "is required for access-key destinations";
                }

                break;
            case AuthMethod.AssumeRole:
                if (!IsValidRoleArn(destination.RoleArn))
                {
                    problems["roleArn"] = "must look like 'arn:aws:iam::123456789012:role/name'";
                }

                break;
            default:
                problems["authMethod"] = "must be 'AccessKey' or 'AssumeRole'";
                break;
        }

        return problems;
    }

    public const int MinRetentionDays = 1;

    public const int MaxRetentionDays = 3650;

    public const string RetentionDaysRule = "must be a whole number of days from 1 to 3650, or null to keep every object";

    public static bool IsValidRegion(string? region) => region is not null && RegionPattern().IsMatch(region);

    public static bool IsValidRoleArn(string? arn) => arn is not null && RoleArnPattern().IsMatch(arn);

    public static bool IsValidBucketName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && BucketPattern().IsMatch(name)
        && !name.Contains("..", StringComparison.Ordinal)
        && !IpPattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IpPattern();

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    // radosgw roles have an empty account (arn:aws:iam:::role/...), AWS ones 12 digits.
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::([0-9]{12})?:role/[A-Za-z0-9_+=,.@/-]{1,512}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
