using Microsoft.AspNetCore.Http;

namespace Orchestrator.WebConsole;

/// <summary>
/// The headers every console response carries: scripts, styles, images and API calls from this origin only (no inline
/// script, no eval), never framed, no MIME sniffing, no referrer. Form posts and redirects stay on this origin too;
/// the token endpoint of the configured identity provider is the one other address the page may call.
/// </summary>
public static class ConsoleSecurityHeaders
{
    /// <summary>The policy for a page whose sign-in calls <paramref name="tokenOrigin"/> (or none).</summary>
    public static string ContentSecurityPolicy(string? tokenOrigin) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + $"connect-src 'self'{(string.IsNullOrEmpty(tokenOrigin) ? string.Empty : " " + tokenOrigin)}; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static void Apply(HttpResponse response, string? tokenOrigin = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(tokenOrigin);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
