namespace Orchestrator.Domain;

/// <summary>
/// What a role destination's ARN may name beyond its syntax: whether the account may be empty (radosgw's roles are
/// <c>arn:aws:iam:::role/...</c>; only accepted when STS is a local server) and which AWS accounts are the service's
/// own (a customer destination naming one of our roles would make us act on ourselves).
/// </summary>
public sealed record RoleArnPolicy(bool AllowEmptyAccount, IReadOnlySet<string> ServiceAccountIds)
{
    /// <summary>AWS rules: a 12-digit account, no account of ours known.</summary>
    public static RoleArnPolicy Aws { get; } = new(false, new HashSet<string>(StringComparer.Ordinal));
}
