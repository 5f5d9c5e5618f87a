using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Orchestrator.Http;

/// <summary>
/// The answer to a request no route serves, the same in both hosts: 405 (with <c>Allow</c>) when a route has the path
/// but not the method, else 404, as problem+json. The runner's routing decides which and this writes it; the
/// Functions app's catch-all function asks <see cref="Answer"/>, which matches the path against <see cref="ApiRoutes.All"/>.
/// </summary>
public static class UnmatchedRoute
{
    private static readonly (TemplateMatcher Matcher, string Method)[] Matchers =
    [
        .. ApiRoutes.All.Select(r => (new TemplateMatcher(TemplateParser.Parse(r.Template), new RouteValueDictionary()), r.Method)),
    ];

    /// <summary>The catch-all's answer to <paramref name="request"/> (its path below the <c>api/</c> prefix is <paramref name="path"/>).</summary>
    public static IResult Answer(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relative = new PathString("/" + (path ?? string.Empty).TrimEnd('/'));
        string[] allowed = [.. Matchers.Where(m => m.Matcher.TryMatch(relative, new RouteValueDictionary())).Select(m => m.Method).Distinct()];
        if (allowed.Length == 0)
        {
            return Problem(request, StatusCodes.Status404NotFound);
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return Problem(request, StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>The problem+json for <paramref name="status"/> (404 or 405) that names the method and path no route serves.</summary>
    public static IResult Problem(HttpRequest request, int status)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Results.Problem(
            statusCode: status,
            title: Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            detail: $"No API route serves {request.Method} {request.Path}; see the README's route table.");
    }
}
