using Orchestrator.Domain;
using Orchestrator.Options;

namespace Orchestrator.Destinations;

/// <summary>The <see cref="RoleArnPolicy"/> the configuration implies.</summary>
public static class RoleArnPolicies
{
    /// <summary>
    /// Empty accounts only when STS is a local server (<c>S3:StsServiceUrl</c> set: AWS's STS never has roles without an
    /// account); our accounts are <c>Sts:ServiceAccountIds</c> plus the accounts of <c>Sts:TrustedPrincipalArns</c>.
    /// </summary>
    public static RoleArnPolicy From(S3Options s3, StsOptions sts)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(sts);
        var ours = new HashSet<string>(sts.ServiceAccountIds.Where(a => !string.IsNullOrEmpty(a)), StringComparer.Ordinal);
        foreach (string? arn in sts.TrustedPrincipalArns)
        {
            if (arn is not null && AwsPartitions.AccountOf(arn) is { Length: > 0 } account)
            {
                ours.Add(account);
            }
        }

        return new RoleArnPolicy(!string.IsNullOrEmpty(s3.StsServiceUrl), ours);
    }
}
