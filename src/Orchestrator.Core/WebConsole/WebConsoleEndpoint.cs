using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.WebConsole;

/// <summary>
/// Serves the console's embedded files for both hosts, with the same bytes and headers: the page (its base address
/// and asset version filled in), the sign-in configuration, and the versioned scripts and styles (immutable). Every
/// answer carries <see cref="ConsoleSecurityHeaders"/> and a strong ETag (<c>If-None-Match</c> answers 304).
/// </summary>
public static class WebConsoleEndpoint
{
    private const string Index = "index.html";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    /// <summary>Answers <c>GET {basePath}{asset}</c>.</summary>
    public static IResult Serve(HttpRequest request, string? asset, string basePath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.HttpContext.RequestServices;
        var console = services.GetService<IOptions<ConsoleOptions>>()?.Value ?? new ConsoleOptions();
        ConsoleSecurityHeaders.Apply(request.HttpContext.Response, Origin(console.SignInConfigured ? console.TokenEndpoint : null));

        asset ??= string.Empty;
        if (asset.Length == 0 || asset == Index)
        {
            byte[] page = Encoding.UTF8.GetBytes(RenderIndex(basePath));
            return File(request, page, ConsoleAssets.ContentTypeOf(Index), ConsoleAssets.ETagOf(page), Revalidate);
        }

        if (asset == ConsoleRoutes.ConfigAsset)
        {
            var auth = services.GetService<IOptions<AuthOptions>>()?.Value ?? new AuthOptions();
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(Configuration(console, auth));
        }

        string cache = Revalidate;
        if (asset.StartsWith(ConsoleRoutes.VersionedFolder, StringComparison.Ordinal))
        {
            string rest = asset[ConsoleRoutes.VersionedFolder.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || rest[..slash] != ConsoleAssets.Version)
            {
                return NotFound(asset);
            }

            asset = rest[(slash + 1)..];
            cache = Immutable;
        }

        return asset != Index && ConsoleAssets.Find(asset) is { } file
            ? File(request, file.Content, file.ContentType, file.ETag, cache)
            : NotFound(asset);
    }

    /// <summary>The sign-in configuration the page reads.</summary>
    public static ConsoleConfiguration Configuration(ConsoleOptions console, AuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(auth);
        bool pkce = console.SignInConfigured;
        return new ConsoleConfiguration(
            pkce ? "pkce" : "token",
            pkce ? console.ClientId : null,
            pkce ? console.AuthorizationEndpoint : null,
            pkce ? console.TokenEndpoint : null,
            pkce ? console.Scope : null,
            auth.TenantClaim,
            auth.RolesClaim,
            auth.ReaderRole,
            auth.AdminRole,
            auth.OperatorRole,
            "/" + ApiRoutes.Prefix,
            ConsoleAssets.Version);
    }

    /// <summary>The page with its base address and asset version filled in.</summary>
    public static string RenderIndex(string basePath)
    {
        string template = Encoding.UTF8.GetString(ConsoleAssets.Find(Index)!.Content);
        return template.Replace("__BASE__", basePath, StringComparison.Ordinal).Replace("__VERSION__", ConsoleAssets.Version, StringComparison.Ordinal);
    }

    private static IResult File(HttpRequest request, byte[] content, string contentType, string etag, string cacheControl)
    {
        var response = request.HttpContext.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        return request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag))
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(content, contentType);
    }

    private static IResult NotFound(string asset) =>
        Results.Problem($"The console has no file '{asset}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>
    /// The origin of an absolute http(s) endpoint; null for a path on this host (on Linux a path such as
    /// <c>/console/dev-sign-in/token</c> parses as an absolute <c>file://</c> URI, which is no origin for CSP).
    /// </summary>
    internal static string? Origin(string? endpoint) =>
        endpoint is not null && !endpoint.StartsWith('/')
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
