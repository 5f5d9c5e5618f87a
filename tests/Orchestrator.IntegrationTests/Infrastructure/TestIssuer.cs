using System.Net.Http.Headers;
using Orchestrator.Runner.Security;
using Orchestrator.Security;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The tests' token issuer: one <see cref="LocalIssuer"/> (HTTPS on a free loopback port) for the test process, whose
/// settings every runner and Functions app the tests start gets (<see cref="RunnerSession.BaseSettings"/>), so the
/// real JWT bearer validation runs in every test. Clients get an operator token unless a test asks for another.
/// </summary>
public static class TestIssuer
{
    private static readonly Lazy<LocalIssuer> Shared = new(Start);

    public static LocalIssuer Issuer => Shared.Value;

    /// <summary>The settings that point a host at the issuer (Auth:Authority, Auth:Audience, Auth:MetadataCaCertificate).</summary>
    public static IReadOnlyDictionary<string, string?> Settings => Issuer.Settings;

    /// <summary>An operator token (every route, every tenant), valid for hours: the default of the existing tests' clients.</summary>
    public static string OperatorToken() => Issuer.Token(ApiRole.Operator, tenant: null, TimeSpan.FromHours(3), subject: "test-operator");

    /// <summary>A client of the API at <c>http://127.0.0.1:{port}/</c> carrying <paramref name="token"/> (default: an operator's).</summary>
    public static HttpClient Http(int port, TimeSpan? timeout = null, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        if (timeout is { } t)
        {
            http.Timeout = t;
        }

        Authorize(http, token);
        return http;
    }

    /// <summary>Sets <paramref name="http"/>'s bearer token (default: an operator's).</summary>
    public static HttpClient Authorize(HttpClient http, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? OperatorToken());
        return http;
    }

    private static LocalIssuer Start()
    {
        var issuer = LocalIssuer.StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => issuer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return issuer;
    }
}
