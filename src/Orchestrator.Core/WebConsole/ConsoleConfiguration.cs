namespace Orchestrator.WebConsole;

/// <summary>
/// What the page reads from <c>config.json</c>: how to sign in (<c>pkce</c> or a pasted <c>token</c>) and which claims
/// carry the tenant and the roles, so it shows only what the caller's role allows (the API still decides).
/// </summary>
public sealed record ConsoleConfiguration(
    string SignIn,
    string? ClientId,
    string? AuthorizationEndpoint,
    string? TokenEndpoint,
    string? Scope,
    string TenantClaim,
    string RolesClaim,
    string ReaderRole,
    string AdminRole,
    string OperatorRole,
    string ApiBase,
    string Version);
