using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;

namespace Orchestrator.IntegrationTests.Infrastructure.Oidc;

/// <summary>
/// A test OpenID Connect issuer (what Entra ID is for the app's managed identity): HTTPS Kestrel on 127.0.0.1:{free port}
/// with a self-signed certificate whose RSA key also signs the tokens. Serves <c>/.well-known/openid-configuration</c>
/// (issuer, jwks_uri) and the JWKS (kty, n, e, kid and the certificate as <c>x5c</c>, which radosgw 16 needs: it verifies
/// with the x5c certificate, not with n/e) and mints RS256 JWTs (iss, sub, aud, iat, exp, kid). radosgw fetches the
/// discovery document and then the jwks_uri for every AssumeRoleWithWebIdentity; <see cref="Fetches"/> records them.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    public const string KeyId = "test-issuer-key-1";

    private const string JwksPath = "/protocol/openid-connect/certs";

    private readonly X509Certificate2 certificate;
    private readonly RSA signingKey;
    private readonly RSA foreignKey = RSA.Create(2048);
    private readonly List<string> fetches = [];
    private WebApplication? app;

    private TestOidcIssuer(X509Certificate2 certificate)
    {
        this.certificate = certificate;
        this.signingKey = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("the certificate has no RSA private key");
    }

    /// <summary>e.g. <c>https://127.0.0.1:41234</c>: the <c>iss</c> claim and the OIDC provider URL.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary><c>127.0.0.1:41234</c>: how radosgw names the provider (ARN suffix, condition key prefix).</summary>
    public string HostAndPort => new Uri(this.Issuer).Authority;

    /// <summary>SHA-1 of the certificate (hex), the OIDC provider's thumbprint.</summary>
    public string Thumbprint => this.certificate.Thumbprint;

    /// <summary>Paths fetched from this issuer, in order.</summary>
    public IReadOnlyList<string> Fetches
    {
        get
        {
            lock (this.fetches)
            {
                return [.. this.fetches];
            }
        }
    }

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var issuer = new TestOidcIssuer(SelfSignedCertificate.CreateForLoopback("CN=orchestrator-test-oidc-issuer"));
        await issuer.StartServerAsync();
        return issuer;
    }

    /// <summary>A JWT as the issuer signs it, or, with <paramref name="signWithForeignKey"/>, signed by a key the JWKS does not hold (same kid).</summary>
    public string Mint(string audience, string subject, TimeSpan lifetime, bool signWithForeignKey = false)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId }));
        string payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = this.Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        }));
        string signingInput = header + "." + payload;
        var key = signWithForeignKey ? this.foreignKey : this.signingKey;
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    public async ValueTask DisposeAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }

        this.foreignKey.Dispose();
        this.signingKey.Dispose();
        this.certificate.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(this.certificate)));
        var web = builder.Build();
        web.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            this.Record(context);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = this.Issuer,
                ["jwks_uri"] = this.Issuer + JwksPath,
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "id_token" },
                ["subject_types_supported"] = new[] { "public" },
            });
        });
        web.MapGet(JwksPath, (HttpContext context) =>
        {
            this.Record(context);
            var parameters = this.signingKey.ExportParameters(includePrivateParameters: false);
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["alg"] = "RS256",
                        ["kid"] = KeyId,
                        ["n"] = Base64Url(parameters.Modulus!),
                        ["e"] = Base64Url(parameters.Exponent!),
                        ["x5c"] = new[] { Convert.ToBase64String(this.certificate.RawData) },
                    },
                },
            });
        });
        await web.StartAsync();
        this.app = web;
        string address = web.Urls.Single();
        this.Issuer = "https://127.0.0.1:" + new Uri(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Record(HttpContext context)
    {
        lock (this.fetches)
        {
            this.fetches.Add(context.Request.Path.Value ?? string.Empty);
        }
    }
}
