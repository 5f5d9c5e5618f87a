namespace Orchestrator.Iam;

/// <summary>
/// A trust policy cannot be generated because the service's own principal is not configured (an operator fix:
/// <c>Sts:TrustedPrincipalArns</c>); a trust policy with an empty principal list would trust no one or, worse, be
/// completed by hand with a guess.
/// </summary>
public sealed class TrustPolicyUnavailableException : Exception
{
    public const string Setting = "Sts:TrustedPrincipalArns";

    public TrustPolicyUnavailableException()
        : base($"No trust policy can be generated: the service's AWS principal is not configured. An operator must set {Setting} (the service role's ARN, Sts:ServiceRoleArn's role).")
    {
    }

    public TrustPolicyUnavailableException(string message)
        : base(message)
    {
    }

    public TrustPolicyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
