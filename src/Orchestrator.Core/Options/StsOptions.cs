using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Sts</c>: how we assume customer roles.</summary>
public sealed class StsOptions
{
    public const string SectionName = "Sts";

    /// <summary>Session duration requested on AssumeRole.</summary>
    [Range(900, 43_200)]
    public int DurationSeconds { get; set; } = 3600;

    /// <summary>Our own source credentials for STS: local runs only (refused in Azure and together with <see cref="ServiceRoleArn"/>).</summary>
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

    /// <summary>
    /// The service's own AWS role, assumed with STS AssumeRoleWithWebIdentity using an Entra ID token for the app's
    /// managed identity. When set, the STS source credentials are that role's (no long-lived key anywhere).
    /// </summary>
    public string? ServiceRoleArn { get; set; }

    /// <summary>Audience (application ID URI) of the Entra ID token exchanged for the service role; the AWS OIDC provider's client id.</summary>
    public string WebIdentityAudience { get; set; } = "api://AzureADTokenExchange";
}
