using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.Runner.Hosting;
using Orchestrator.Security;

namespace Orchestrator.Runner.Security;

/// <summary>
/// A small OpenID issuer on https://127.0.0.1:PORT for local runs and tests: an RSA key generated at start, its OpenID
/// metadata and JWKS served over HTTPS with a self-signed certificate (written to a PEM file for
/// <c>Auth:MetadataCaCertificate</c>), and tokens minted for a tenant and a role. The API validates its tokens with the
/// same JWT bearer handler and metadata download as Entra ID's: nothing is bypassed, only the issuer is local.
/// </summary>
public sealed class LocalIssuer : IAsyncDisposable
{
    /// <summary>The audience of the local issuer's tokens (and the runner's <c>Auth:Audience</c> in dev mode).</summary>
    public const string DefaultAudience = "api://orchestrator-local";

    private readonly RSA key;
    private readonly string keyId;
    private readonly WebApplication app;
    private readonly LocalTokenMinter minter;

    private LocalIssuer(RSA key, string keyId, WebApplication app, Uri authority, string audience, string caCertificatePath)
    {
        this.key = key;
        this.keyId = keyId;
        this.app = app;
        this.Authority = authority;
        this.Audience = audience;
        this.CaCertificatePath = caCertificatePath;
        this.minter = new LocalTokenMinter(key, keyId, this.Issuer, audience);
    }

    /// <summary>The issuer's URL (its <c>iss</c>), e.g. <c>https://127.0.0.1:41234</c>.</summary>
    public Uri Authority { get; }

    /// <summary>The issuer string in tokens and metadata (the authority without a trailing slash).</summary>
    public string Issuer => this.Authority.GetLeftPart(UriPartial.Authority);

    public string Audience { get; }

    /// <summary>The id (<c>kid</c>) of the signing key in the JWKS.</summary>
    public string KeyId => this.keyId;

    /// <summary>The PEM file with the HTTPS certificate (for <c>Auth:MetadataCaCertificate</c>).</summary>
    public string CaCertificatePath { get; }

    /// <summary>The settings that point an API host at this issuer.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Auth:Authority"] = this.Issuer,
        ["Auth:Audience"] = this.Audience,
        ["Auth:MetadataCaCertificate"] = this.CaCertificatePath,
    };

    /// <summary>Creates the issuer on a free loopback port (not yet serving: <see cref="StartAsync(CancellationToken)"/>).</summary>
    public static LocalIssuer Create(string audience = DefaultAudience)
    {
        int port = FreePort.Next();
        var authority = new Uri($"https://127.0.0.1:{port}");
        var key = RSA.Create(2048);
        string keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var certificate = LoopbackCertificate.Create();
        string caPath = Path.Combine(Path.GetTempPath(), $"orchestrator-local-issuer-{port}-{keyId}.pem");
        File.WriteAllText(caPath, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var issuer = new LocalIssuer(key, keyId, app, authority, audience, caPath);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(issuer.Metadata()));
        app.MapGet("/discovery/keys", () => Results.Json(issuer.Jwks()));
        return issuer;
    }

    /// <summary>Creates and starts an issuer (tests' fixtures).</summary>
    public static async Task<LocalIssuer> StartAsync(string audience = DefaultAudience, CancellationToken cancellationToken = default)
    {
        var issuer = Create(audience);
        await issuer.StartAsync(cancellationToken);
        return issuer;
    }

    public Task StartAsync(CancellationToken cancellationToken) => this.app.StartAsync(cancellationToken);

    /// <summary>A token for <paramref name="role"/> of <paramref name="tenant"/> (an operator may have none), valid for <paramref name="lifetime"/>.</summary>
    public string Token(ApiRole? role, string? tenant, TimeSpan? lifetime = null, string? subject = null) =>
        this.minter.Mint(role, tenant, lifetime ?? TimeSpan.FromHours(1), subject);

    /// <summary>A token of this issuer that expired <paramref name="ago"/> ago.</summary>
    public string ExpiredToken(ApiRole role, string? tenant, TimeSpan ago) => this.minter.MintExpired(role, tenant, ago);

    /// <summary>Writes what <c>orchestrator token</c> needs (the signing key: a development key) to <paramref name="path"/>, readable by the user only.</summary>
    public void SaveState(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var state = new LocalIssuerState(this.Issuer, this.Audience, this.keyId, this.key.ExportPkcs8PrivateKeyPem());
        using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(state));
    }

    /// <summary>A minter for the issuer whose state <see cref="SaveState"/> wrote to <paramref name="path"/>.</summary>
    internal static LocalTokenMinter MinterFromState(string path, AuthOptions? names = null)
    {
        var state = JsonSerializer.Deserialize<LocalIssuerState>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{path} holds no local issuer state.");
        var key = RSA.Create();
        key.ImportFromPem(state.PrivateKeyPem);
        return new LocalTokenMinter(key, state.KeyId, state.Authority, state.Audience, names);
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
        this.key.Dispose();
        File.Delete(this.CaCertificatePath);
    }

    private Dictionary<string, object> Metadata() => new Dictionary<string, object>
    {
        ["issuer"] = this.Issuer,
        ["jwks_uri"] = this.Issuer + "/discovery/keys",
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        ["response_types_supported"] = new[] { "token" },
        ["subject_types_supported"] = new[] { "public" },
    };

    private Dictionary<string, object> Jwks()
    {
        var parameters = this.key.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = this.keyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        };
    }
}
