using System.ComponentModel.DataAnnotations;

namespace Orchestrator.WebConsole;

/// <summary>
/// Configuration section <c>Console</c>: how the web console signs people in (OAuth 2.0 authorization code with PKCE,
/// a public client: no secret). In Azure these name the Entra ID app registration of the console (a single-page
/// application whose redirect URI is the console's address). Without <see cref="ClientId"/> the console asks for a
/// pasted bearer token instead. The runner in dev mode fills them with its local issuer's sign-in page.
/// </summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>The OAuth client id of the console (Entra ID: the SPA app registration's application id).</summary>
    [MaxLength(200)]
    public string? ClientId { get; set; }

    /// <summary>The authorization endpoint, e.g. <c>https://login.microsoftonline.com/{directory}/oauth2/v2.0/authorize</c>.</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary>The token endpoint, e.g. <c>https://login.microsoftonline.com/{directory}/oauth2/v2.0/token</c>.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The scope the console asks for: the API's delegated scope, e.g. <c>api://orchestrator/Runs.Manage</c>.</summary>
    [MaxLength(500)]
    public string? Scope { get; set; }

    /// <summary>True when sign-in is configured (else the console falls back to a pasted token).</summary>
    public bool SignInConfigured => !string.IsNullOrEmpty(this.ClientId);

    /// <summary>
    /// An endpoint must be an https URL, http on loopback, or a path on the console's own host (the runner's dev
    /// sign-in: <c>/console/dev-sign-in/…</c>, whatever name the browser uses for the loopback address).
    /// </summary>
    public static bool IsAcceptableEndpoint(string? value) =>
        value is not null
        && ((value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\', StringComparison.Ordinal))
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))));
}
