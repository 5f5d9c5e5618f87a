namespace Orchestrator.Security;

/// <summary>
/// The one authorization rule of the API, the same in both hosts: no identity is 401; a role below the route's is 403;
/// a tenant caller naming another tenant (route or body) is 404, indistinguishable from a tenant that has nothing;
/// an operator may act on any tenant.
/// </summary>
public static class ApiAuthorizer
{
    /// <param name="caller">The validated caller, or null when the request carries no valid token.</param>
    /// <param name="required">The role the route declares.</param>
    /// <param name="tenant">The tenant the request names (route or body), or null for a tenant-less route.</param>
    public static ApiDecision Decide(CallerIdentity? caller, ApiRole required, string? tenant)
    {
        if (caller is null)
        {
            return ApiDecision.Unauthenticated;
        }

        if (caller.Role is not { } role || role < required)
        {
            return ApiDecision.Forbidden;
        }

        return role == ApiRole.Operator || tenant is null || MayActOn(caller, tenant) ? ApiDecision.Allow : ApiDecision.NotFound;
    }

    /// <summary>True when <paramref name="caller"/> may act on <paramref name="tenant"/>: an operator, or the caller's own tenant.</summary>
    public static bool MayActOn(CallerIdentity caller, string tenant)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role == ApiRole.Operator || string.Equals(caller.Tenant, tenant, StringComparison.Ordinal);
    }
}
