using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.WebConsole;

/// <summary>
/// The runner's dev sign-in over plain HTTP, as a browser would post it: a form from the runner's own page gets a code
/// (and the code with its PKCE verifier a token that the API accepts); the same form from another site, or a code
/// with the wrong verifier, gets nothing.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DevSignInTests(ServersFixture servers)
{
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    [Fact]
    public async Task DevSignIn_FormFromItsOwnPage_GivesACodeWhoseVerifiedTokenTheApiAccepts()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var http = Client();

        using var authorize = await http.SendAsync(AuthorizePost(url, runner.Tenant, site: "same-origin", origin: url));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!;
        Assert.StartsWith(url + "/console/?code=", location.ToString(), StringComparison.Ordinal);
        string code = Uri.UnescapeDataString(location.Query.Split('&')[0]["?code=".Length..]);

        using var wrong = await http.PostAsync(url + "/console/dev-sign-in/token", TokenForm(code, "x" + Verifier[1..], url));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("invalid_grant", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A refused redemption used the code up: signing in again gives a new one, which works with the right verifier.
        using var again = await http.SendAsync(AuthorizePost(url, runner.Tenant, site: "same-origin", origin: url));
        string code2 = Uri.UnescapeDataString(again.Headers.Location!.Query.Split('&')[0]["?code=".Length..]);
        using var token = await http.PostAsync(url + "/console/dev-sign-in/token", TokenForm(code2, Verifier, url));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        string accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;

        using var list = new HttpRequestMessage(HttpMethod.Get, $"{url}/api/tenants/{runner.Tenant}/destinations");
        list.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var listed = await http.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [Theory]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)]
    [InlineData(null, "http://evil.example")]
    public async Task DevSignIn_FormFromAnotherSite_IsRefusedWithoutACode(string? site, string? origin)
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var http = Client();

        using var response = await http.SendAsync(AuthorizePost(url, runner.Tenant, site, origin));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("posted from another site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task DevSignIn_Page_LetsItsFormPostCarryItsOrigin_AndTheConsoleCspNamesNoFileOrigin()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var http = Client();
        string challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

        using var page = await http.GetAsync($"{url}/console/dev-sign-in/authorize?response_type=code&client_id=orchestrator-console-dev&redirect_uri={Uri.EscapeDataString(url + "/console/")}&state=s&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("same-origin", string.Join(",", page.Headers.GetValues("Referrer-Policy")));

        using var console = await http.GetAsync(url + "/");
        string csp = string.Join(",", console.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("file:", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", string.Join(",", console.Headers.GetValues("Referrer-Policy")));
    }

    private static HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private static HttpRequestMessage AuthorizePost(string url, string tenant, string? site, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url + "/console/dev-sign-in/authorize")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["response_type"] = "code",
                ["client_id"] = "orchestrator-console-dev",
                ["redirect_uri"] = url + "/console/",
                ["state"] = "state-1",
                ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))),
                ["code_challenge_method"] = "S256",
                ["scope"] = "api",
                ["tenant"] = tenant,
                ["role"] = "reader",
            }),
        };
        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static FormUrlEncodedContent TokenForm(string code, string verifier, string url) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = url + "/console/",
        ["client_id"] = "orchestrator-console-dev",
        ["code_verifier"] = verifier,
    });

    private static async Task<RunnerSession> StartDevRunnerAsync(ServersFixture servers) =>
        await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Auth:Authority"] = string.Empty,
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Runner:LocalIssuerFolder"] = Path.Combine(Path.GetTempPath(), "orchestrator-console-" + Guid.NewGuid().ToString("N")),
        });

    private static string Url(RunnerSession runner) => runner.App.Services.GetRequiredService<IConfiguration>()["Runner:ApiUrl"]!;
}
