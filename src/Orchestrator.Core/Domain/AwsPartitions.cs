namespace Orchestrator.Domain;

/// <summary>AWS partitions (the second field of an ARN) and the regions that belong to each.</summary>
public static class AwsPartitions
{
    public const string Aws = "aws";

    public const string China = "aws-cn";

    public const string GovCloud = "aws-us-gov";

    /// <summary>The partition of a region: <c>cn-*</c> is aws-cn, <c>us-gov-*</c> aws-us-gov, every other region aws.</summary>
    public static string For(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.StartsWith("cn-", StringComparison.Ordinal) ? China
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud
            : Aws;
    }

    /// <summary>The partition an ARN names (<c>arn:PARTITION:...</c>), or null when it is not an ARN.</summary>
    public static string? Of(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        string[] parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" ? parts[1] : null;
    }

    /// <summary>The account of an ARN (empty for radosgw's roles), or null when it is not an ARN.</summary>
    public static string? AccountOf(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        string[] parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" ? parts[4] : null;
    }
}
