using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain;
using Orchestrator.Security;
using Orchestrator.WebConsole;

namespace Orchestrator.Runner.Security;

/// <summary>
/// Dev mode only (no <c>Auth:Authority</c>, API on loopback): a minimal OAuth 2.0 authorization server for the web
/// console in front of the built-in <see cref="LocalIssuer"/>. <c>authorize</c> shows a page to pick a tenant and a
/// role and redirects back to the console with a one-time code; <c>token</c> exchanges the code for a token of the
/// local issuer after checking the PKCE verifier. The console runs the same authorization-code + PKCE code path as
/// with Entra ID. Anyone who can reach the loopback API may pick any role, exactly as <c>orchestrator token</c> allows.
/// </summary>
internal static class DevSignInEndpoints
{
    public const string ClientId = "orchestrator-console-dev";
    public const string AuthorizePath = "/console/dev-sign-in/authorize";
    public const string TokenPath = "/console/dev-sign-in/token";
    public const string Scope = "api";

    /// <summary>The console settings that point its sign-in at these endpoints.</summary>
    public static IReadOnlyDictionary<string, string?> ConsoleSettings => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        [$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.ClientId)}"] = ClientId,
        [$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.AuthorizationEndpoint)}"] = AuthorizePath,
        [$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.TokenEndpoint)}"] = TokenPath,
        [$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.Scope)}"] = Scope,
    };

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder app, LocalIssuer issuer)
    {
        var codes = new DevSignInCodes(TimeProvider.System);
        app.MapGet(AuthorizePath, (HttpRequest request, ILogger<LocalIssuer> logger) =>
        {
            var query = request.Query;
            if (Refusal(request, query["response_type"], query["client_id"], query["redirect_uri"], query["code_challenge"], query["code_challenge_method"]) is { } refusal)
            {
                DevSignInLogs.Refused(logger, "authorize", refusal);
                return Results.Problem(refusal, statusCode: StatusCodes.Status400BadRequest, title: "The sign-in request is invalid.");
            }

            ConsoleSecurityHeaders.Apply(request.HttpContext.Response);

            // The form's POST must carry its real Origin (checked below): under "no-referrer" browsers send
            // "Origin: null" for it. "same-origin" still sends nothing to any other site.
            request.HttpContext.Response.Headers["Referrer-Policy"] = "same-origin";
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Content(Page(query), "text/html; charset=utf-8");
        });
        app.MapPost(AuthorizePath, async (HttpRequest request, ILogger<LocalIssuer> logger) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
            string? refusal = Refusal(request, form["response_type"], form["client_id"], form["redirect_uri"], form["code_challenge"], form["code_challenge_method"]);
            if (refusal is null && (CrossSite(request) || (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(request, origin.ToString()))))
            {
                refusal = "the form was posted from another site";
            }

            ApiRole? role = form["role"].ToString() switch
            {
                "reader" => ApiRole.TenantReader,
                "admin" => ApiRole.TenantAdmin,
                "operator" => ApiRole.Operator,
                _ => null,
            };
            string? tenant = string.IsNullOrWhiteSpace(form["tenant"]) ? null : form["tenant"].ToString().Trim();
            refusal ??= role is null ? "role must be reader, admin or operator"
                : role != ApiRole.Operator && (tenant is null || !Identifiers.IsValidId(tenant)) ? "tenant must be 1-64 letters, digits, '-' or '_'"
                : tenant is not null && !Identifiers.IsValidId(tenant) ? "tenant must be 1-64 letters, digits, '-' or '_'"
                : null;
            if (refusal is not null)
            {
                DevSignInLogs.Refused(logger, "authorize", refusal);
                return Results.Problem(refusal, statusCode: StatusCodes.Status400BadRequest, title: "The sign-in request is invalid.");
            }

            string redirect = form["redirect_uri"].ToString();
            string code = codes.Issue(new DevSignInGrant(form["code_challenge"].ToString(), redirect, role!.Value, tenant, DateTimeOffset.UtcNow + DevSignInCodes.Lifetime));
            string separator = redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            return Results.Redirect($"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}");
        }).DisableAntiforgery();
        app.MapPost(TokenPath, async (HttpRequest request, ILogger<LocalIssuer> logger) =>
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
            string? reason = form["grant_type"] != "authorization_code" ? "grant_type must be authorization_code"
                : form["client_id"] != ClientId ? $"client_id must be {ClientId}"
                : null;
            var grant = reason is null ? codes.Redeem(form["code"], form["code_verifier"], form["redirect_uri"], out reason) : null;
            if (grant is null)
            {
                DevSignInLogs.Refused(logger, "token", reason!);
                return Results.Json(new { error = "invalid_grant", error_description = reason }, statusCode: StatusCodes.Status400BadRequest);
            }

            var lifetime = TimeSpan.FromHours(1);
            DevSignInLogs.TokenIssued(logger, grant.Role.ToString(), grant.Tenant ?? "-");
            return Results.Json(new
            {
                access_token = issuer.Token(grant.Role, grant.Tenant, lifetime),
                token_type = "Bearer",
                expires_in = (int)lifetime.TotalSeconds,
                scope = Scope,
            });
        }).DisableAntiforgery();
        return app;
    }

    private static string? Refusal(HttpRequest request, string? responseType, string? clientId, string? redirectUri, string? challenge, string? method)
    {
        if (responseType != "code")
        {
            return "response_type must be code";
        }

        if (clientId != ClientId)
        {
            return $"client_id must be {ClientId}";
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || !SameOrigin(request, redirectUri!)
            || !redirect.AbsolutePath.StartsWith(ConsoleRoutes.RunnerBase, StringComparison.Ordinal) || !string.IsNullOrEmpty(redirect.Query) || !string.IsNullOrEmpty(redirect.Fragment))
        {
            return $"redirect_uri must be this runner's console ({ConsoleRoutes.RunnerBase} on this host)";
        }

        if (method != "S256" || challenge is not { Length: 43 } || challenge.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return "PKCE is required: code_challenge_method S256 and a 43-character code_challenge";
        }

        return null;
    }

    /// <summary>True when the browser says (Fetch Metadata) the request came from another origin.</summary>
    private static bool CrossSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is not ("same-origin" or "none");

    private static bool SameOrigin(HttpRequest request, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static string Page(IQueryCollection query)
    {
        var html = HtmlEncoder.Default;
        var hidden = new StringBuilder();
        foreach (string name in new[] { "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope" })
        {
            hidden.Append(System.Globalization.CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{html.Encode(query[name].ToString())}\">\n");
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Dev sign-in · Orchestrator</title>
              <link rel="stylesheet" href="{{ConsoleRoutes.RunnerBase}}{{ConsoleRoutes.VersionedFolder}}{{ConsoleAssets.Version}}/console.css">
            </head>
            <body>
              <header class="top"><span class="brand">Orchestrator</span><span>Dev sign-in (local runner only)</span></header>
              <main id="main">
                <h1>Sign in as</h1>
                <p class="banner">This runner has no identity provider configured (no Auth:Authority): it is in dev mode on loopback, and its
                local issuer signs a token for the tenant and role you pick. With Entra ID, this page is Microsoft's sign-in.</p>
                <form class="stack" method="post" action="{{AuthorizePath}}" id="dev-sign-in">
                  {{hidden}}
                  <div>
                    <label for="tenant">Tenant</label>
                    <input type="text" id="tenant" name="tenant" autocomplete="off" spellcheck="false" aria-describedby="tenant-hint">
                    <p class="hint" id="tenant-hint">Required for the reader and admin roles; operators see every tenant.</p>
                  </div>
                  <fieldset>
                    <legend>Role</legend>
                    <label class="inline" for="role-reader"><input type="radio" id="role-reader" name="role" value="reader"> Tenant reader (views)</label>
                    <label class="inline" for="role-admin"><input type="radio" id="role-admin" name="role" value="admin" checked> Tenant admin (changes and runs)</label>
                    <label class="inline" for="role-operator"><input type="radio" id="role-operator" name="role" value="operator"> Operator (every tenant, nights)</label>
                  </fieldset>
                  <div class="actions"><button type="submit" id="dev-sign-in-submit">Sign in</button></div>
                </form>
              </main>
            </body>
            </html>
            """;
    }
}
