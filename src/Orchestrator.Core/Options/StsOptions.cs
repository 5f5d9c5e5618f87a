using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Sts</c>: how we assume customer roles.</summary>
public sealed class StsOptions
{
    public const string SectionName = "Sts";

    /// <summary>Session duration requested on AssumeRole.</summary>
    [Range(900, 43_200)]
    public int DurationSeconds { get; set; } = 3600;

    /// <summary>Our own source credentials for STS (local only; in Azure the default AWS credential chain is used).</summary>
    public string? SourceAccessKeyId { get; set; }

    public string? SourceSecretAccessKey { get; set; }

    /// <summary>
    /// Our service's principals (role ARNs) that customers' trust policies must name; used by the IAM policy generator.
    /// </summary>
    public List<string> TrustedPrincipalArns { get; set; } = [];

    /// <summary>Region used to sign STS calls.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// The service's own AWS account ids (12 digits). A destination's role in one of them is refused, as is one in the
    /// account of a <see cref="TrustedPrincipalArns"/> entry.
    /// </summary>
    public List<string> ServiceAccountIds { get; set; } = [];
}
