using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Http;

namespace Orchestrator.Security;

/// <summary>
/// The door of every API route in both hosts: authenticates the request with the JWT bearer handler
/// (<see cref="AuthServiceCollectionExtensions.AddOrchestratorAuthentication"/>), applies <see cref="ApiAuthorizer"/>
/// with the route's declared role and the tenant the request names, and answers a refusal as problem+json. The
/// runner calls it from an endpoint filter, each Functions HTTP function from its body (<see cref="RunAsync"/>).
/// </summary>
public static class ApiGate
{
    /// <summary>
    /// Runs <paramref name="handler"/> when the caller may call the route <paramref name="template"/> (with the request's
    /// method) for <paramref name="tenant"/>; otherwise returns the refusal.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpRequest request, string template, string? tenant, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var route = ApiRoutes.Find(request.Method, template)
            ?? throw new InvalidOperationException($"No route of ApiRoutes.All serves {request.Method} {template}.");
        return await CheckAsync(request.HttpContext, route, tenant) ?? await handler();
    }

    /// <summary>Null when the caller may call <paramref name="route"/> for <paramref name="tenant"/>; else the refusal (401, 403 or 404).</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context, ApiRoute route, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var authentication = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        CallerIdentity? caller = authentication.Succeeded ? CallerIdentity.From(authentication.Principal, options) : null;
        var decision = ApiAuthorizer.Decide(caller, route.Role, tenant);
        if (decision == ApiDecision.Allow)
        {
            context.User = authentication.Principal!;
            context.Items[typeof(CallerIdentity)] = caller;
            return TooMany(context, caller!) ?? NotJson(context.Request);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiGate).FullName!);
        AuthLog.Refused(logger, route.Name, decision, caller?.Subject ?? string.Empty, caller?.Role);
        return Refusal(context, decision, hadToken: authentication.None is false);
    }

    /// <summary>
    /// True when the request's caller (already admitted by <see cref="CheckAsync"/>) may act on <paramref name="tenant"/>,
    /// for a tenant named in the body rather than the route. A refused body tenant answers <see cref="NotFound"/>.
    /// </summary>
    public static bool MayActOn(HttpContext context, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[typeof(CallerIdentity)] is CallerIdentity caller && ApiAuthorizer.MayActOn(caller, tenant);
    }

    /// <summary>The answer for a tenant the caller may not act on: the same 404 as a tenant that has nothing.</summary>
    public static IResult NotFound(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Problems.NotFound($"Nothing is found at {request.Method} {request.Path}.");
    }

    /// <summary>
    /// A caller past its rate (<see cref="RequestRateLimiter"/>: per tenant, operators on their own larger budget) is
    /// answered 429 with Retry-After in whole seconds, before the route does any work.
    /// </summary>
    private static IResult? TooMany(HttpContext context, CallerIdentity caller)
    {
        if (context.RequestServices.GetRequiredService<RequestRateLimiter>().TryAcquire(caller) is not { } wait)
        {
            return null;
        }

        long seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiGate).FullName!);
        Logging.Log.RateLimited(logger, caller.Tenant ?? string.Empty, caller.Subject, seconds);
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"This caller's request rate is above its limit (Limits:TenantRequestsPerMinute for a tenant, Limits:OperatorRequestsPerMinute for an operator); retry after {seconds} s."));
    }

    /// <summary>
    /// A POST or PUT whose body is not JSON is refused with 415 naming <c>Content-Type</c> (no cross-site form posts, even
    /// to the routes that read no body); a request without a body needs no content type.
    /// </summary>
    private static IResult? NotJson(HttpRequest request)
    {
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)))
        {
            return null;
        }

        bool hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (string.IsNullOrEmpty(request.ContentType) ? !hasBody : JsonBody.IsJson(request.ContentType))
        {
            return null;
        }

        return Problems.Validation(new() { ["Content-Type"] = ["must be application/json"] }, StatusCodes.Status415UnsupportedMediaType);
    }

    private static IResult Refusal(HttpContext context, ApiDecision decision, bool hadToken)
    {
        switch (decision)
        {
            case ApiDecision.Unauthenticated:
                context.Response.Headers.WWWAuthenticate = hadToken
                    ? "Bearer error=\"invalid_token\", error_description=\"The token is expired, not yet valid, or not issued and signed by the configured authority for this audience.\""
                    : "Bearer";
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Authentication required.",
                    detail: hadToken
                        ? "The bearer token is not valid (expired, not yet valid, wrong issuer or audience, or a signature the issuer's keys do not verify)."
                        : "Send a bearer token (Authorization: Bearer ...) issued by the configured authority; see docs/security.md.");
            case ApiDecision.Forbidden:
                return Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden.",
                    detail: $"The token's role does not allow {context.Request.Method} {context.Request.Path}; see the role table in docs/security.md.");
            default:
                return NotFound(context.Request);
        }
    }
}
