using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// The runner answers only the <c>Host</c> headers it is reached by (DNS rebinding: a web page whose name resolves to
/// 127.0.0.1 must not talk to it); others get 400 problem+json. Default: the API address's host, <c>localhost</c>,
/// <c>127.0.0.1</c> and <c>[::1]</c>; <c>Runner:AllowedHosts</c> replaces them (<c>*</c>: any).
/// </summary>
internal static class AllowedHosts
{
    /// <summary>The hosts the API of <paramref name="runner"/> answers, or null when it serves no API.</summary>
    public static string[]? For(RunnerOptions runner)
    {
        if (string.IsNullOrEmpty(runner.ApiUrl))
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(runner.AllowedHosts)
            ? [.. new[] { new Uri(runner.ApiUrl).IdnHost, "localhost", "127.0.0.1", "[::1]" }.Distinct(StringComparer.OrdinalIgnoreCase)]
            : runner.AllowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Refuses requests whose <c>Host</c> (port ignored) is not one of <paramref name="hosts"/>.</summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app, string[] hosts) => app.Use(async (context, next) =>
    {
        string host = context.Request.Host.Host;
        if (hosts.Contains("*", StringComparer.Ordinal) || hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        await Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Bad Request",
            detail: "The Host header names a host this runner does not answer (Runner:AllowedHosts).").ExecuteAsync(context);
    });
}
