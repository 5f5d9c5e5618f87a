namespace Orchestrator.Security;

/// <summary>The answer of <see cref="ApiAuthorizer"/> to one request.</summary>
public enum ApiDecision
{
    /// <summary>The caller may call the route for this tenant.</summary>
    Allow,

    /// <summary>No token, or one that is invalid, forged or expired: 401.</summary>
    Unauthenticated,

    /// <summary>A valid token whose role is too low for the route: 403.</summary>
    Forbidden,

    /// <summary>A tenant caller naming another tenant: 404, the answer for a tenant that has nothing.</summary>
    NotFound,
}
