using System.Security.Claims;

namespace Orchestrator.Security;

/// <summary>
/// Who is calling, from a validated token: the subject, the product tenant (none for an operator without one) and the
/// highest role the token grants (none when it grants none of the three).
/// </summary>
public sealed record CallerIdentity(string Subject, string? Tenant, ApiRole? Role)
{
    /// <summary>Reads the identity from <paramref name="principal"/> with the claim names of <paramref name="options"/>.</summary>
    public static CallerIdentity From(ClaimsPrincipal principal, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(options);
        string subject = principal.FindFirst("sub")?.Value ?? principal.FindFirst("oid")?.Value ?? string.Empty;
        string? tenant = principal.FindFirst(options.TenantClaim)?.Value is { Length: > 0 } t ? t : null;
        var granted = principal.FindAll(options.RolesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        ApiRole? role = null;
        foreach (var candidate in Enum.GetValues<ApiRole>())
        {
            if (granted.Contains(options.RoleName(candidate)))
            {
                role = candidate;
            }
        }

        // A tenant role without a tenant binds to nothing: it grants nothing.
        if (role is ApiRole.TenantReader or ApiRole.TenantAdmin && tenant is null)
        {
            role = null;
        }

        return new CallerIdentity(subject, tenant, role);
    }
}
