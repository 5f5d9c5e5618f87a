using Orchestrator.Security;

namespace Orchestrator.Runner.Security;

/// <summary>An authorization code of the dev sign-in, waiting to be redeemed once with the PKCE verifier.</summary>
internal sealed record DevSignInGrant(string CodeChallenge, string RedirectUri, ApiRole Role, string? Tenant, DateTimeOffset ExpiresAt);
