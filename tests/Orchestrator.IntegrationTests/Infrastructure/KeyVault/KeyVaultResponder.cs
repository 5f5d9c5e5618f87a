using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.IntegrationTests.Infrastructure.KeyVault;

/// <summary>
/// An in-process HTTPS stand-in for the Azure Key Vault secrets data plane, enough for the real
/// <see cref="SecretClient"/>: the bearer challenge, get (latest or by version), set (a new version each time), soft
/// delete, 404 <c>SecretNotFound</c> and, per secret name, 403 <c>Forbidden</c> (missing RBAC role). It listens on
/// https://127.0.0.1:{free port} with a certificate generated at start that only <see cref="CreateClientOptions"/>
/// trusts, keeps its secrets in memory and records every request.
/// </summary>
/// <remarks>
/// In an in-process runner: add <see cref="RunnerSettings"/> to the settings (Secrets:KeyVaultUri) and call
/// <see cref="AddTo"/> from the <c>configureServices</c> callback (it registers <see cref="SecretClientOptions"/> and
/// the <see cref="TokenCredential"/>, overriding the defaults of AddOrchestratorCore).
/// </remarks>
public sealed partial class KeyVaultResponder : IAsyncDisposable
{
    /// <summary>The tenant named in the challenge (the credential receives it as <see cref="TokenRequestContext.TenantId"/>).</summary>
    public const string TenantId = "72f988bf-0000-4000-8000-00000000c0de";

    /// <summary>The resource named in the challenge; the client asks for <c>{Resource}/.default</c>.</summary>
    public const string Resource = "https://vault.azure.net";

    public const string ExpectedScope = Resource + "/.default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<StoredSecret>> secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (StoredSecret Secret, DateTimeOffset DeletedOn)> deleted = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> forbidden = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<KeyVaultRequest> requests = new();
    private readonly List<HttpMessageHandler> handlers = [];
    private WebApplication? app;
    private X509Certificate2? certificate;

    /// <summary>The vault URL (https://127.0.0.1:{port}/) once started.</summary>
    public Uri VaultUri { get; private set; } = null!;

    /// <summary>The server certificate (public part is what clients pin).</summary>
    public X509Certificate2 Certificate => this.certificate ?? throw new InvalidOperationException("The responder is not started.");

    /// <summary>When set, a bearer token other than this one is answered with the 401 challenge (like an invalid token).</summary>
    public string? RequiredToken { get; set; }

    /// <summary>
    /// When true, setting a secret that is deleted but not purged fails with 409 Conflict, as in a real vault with soft
    /// delete. Off by default.
    /// </summary>
    public bool DeletedNamesConflict { get; set; }

    /// <summary>Settings for an in-process runner that point its secret store at this vault.</summary>
    public IReadOnlyDictionary<string, string?> RunnerSettings => new Dictionary<string, string?>
    {
        ["Secrets:KeyVaultUri"] = this.VaultUri.ToString(),
    };

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<KeyVaultRequest> Requests => [.. this.requests];

    /// <summary>A snapshot of the current (latest, not deleted) version of every secret.</summary>
    public IReadOnlyDictionary<string, StoredSecret> Secrets
    {
        get
        {
            lock (this.gate)
            {
                return this.secrets.ToDictionary(p => p.Key, p => p.Value[^1], StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>Names deleted (soft) and not purged.</summary>
    public IReadOnlyCollection<string> DeletedSecretNames
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.deleted.Keys];
            }
        }
    }

    public static async Task<KeyVaultResponder> StartNewAsync()
    {
        var responder = new KeyVaultResponder();
        await responder.StartAsync();
        return responder;
    }

    /// <summary>All versions of a secret, oldest first (empty when it does not exist).</summary>
    public IReadOnlyList<StoredSecret> Versions(string name)
    {
        lock (this.gate)
        {
            return this.secrets.TryGetValue(name, out var versions) ? [.. versions] : [];
        }
    }

    /// <summary>Stores a secret directly (not through HTTP, not recorded); returns its new version.</summary>
    public string SetSecret(string name, string value) => this.Store(name, value, contentType: null, enabled: true, new Dictionary<string, string>()).Version;

    /// <summary>Answer 403 Forbidden for every operation on <paramref name="name"/> (simulates a missing role assignment).</summary>
    public void Forbid(string name)
    {
        lock (this.gate)
        {
            this.forbidden.Add(name);
        }
    }

    public void Allow(string name)
    {
        lock (this.gate)
        {
            this.forbidden.Remove(name);
        }
    }

    public async Task StartAsync()
    {
        if (this.app is not null)
        {
            throw new InvalidOperationException("The responder is already started.");
        }

        this.certificate = SelfSignedCertificate.CreateForLoopback();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(this.certificate)));

        var web = builder.Build();
        web.Run(this.HandleAsync);
        await web.StartAsync();
        this.app = web;

        string address = web.Urls.Single();
        this.VaultUri = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>
    /// Client options that trust only this responder's certificate, skip the challenge-resource check (the challenge
    /// names vault.azure.net, the host is 127.0.0.1) and retry quickly.
    /// </summary>
    public SecretClientOptions CreateClientOptions()
    {
        byte[] pinned = this.Certificate.GetCertHash(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { X509CertificateLoader.LoadCertificate(this.Certificate.RawData) },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                    errors == SslPolicyErrors.None
                    && cert is not null
                    && CryptographicOperations.FixedTimeEquals(cert.GetCertHash(HashAlgorithmName.SHA256), pinned),
            },
        };
        lock (this.gate)
        {
            this.handlers.Add(handler);
        }

        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(handler),
            DisableChallengeResourceVerification = true,
        };
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>A real <see cref="SecretClient"/> for this vault.</summary>
    public SecretClient CreateClient(TokenCredential credential) => new(this.VaultUri, credential, this.CreateClientOptions());

    /// <summary>
    /// Registers what the core's secret store needs to talk to this vault: <see cref="SecretClientOptions"/> from
    /// <see cref="CreateClientOptions"/> and <paramref name="credential"/> as the <see cref="TokenCredential"/>. Call it
    /// after AddOrchestratorCore (e.g. from RunnerHost's <c>configureServices</c>): the last registration wins.
    /// </summary>
    public IServiceCollection AddTo(IServiceCollection services, TokenCredential credential)
    {
        services.AddSingleton(this.CreateClientOptions());
        services.AddSingleton(credential);
        return services;
    }

    public async ValueTask DisposeAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
            this.app = null;
        }

        lock (this.gate)
        {
            foreach (var handler in this.handlers)
            {
                handler.Dispose();
            }

            this.handlers.Clear();
        }

        this.certificate?.Dispose();
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex ValidName();

    private static string NewVersion() => Guid.NewGuid().ToString("N");

    private static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string authorization = request.Headers.Authorization.ToString();
        bool hasBearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length;
        string token = hasBearer ? authorization["Bearer ".Length..].Trim() : string.Empty;

        int status;
        if (!hasBearer || (this.RequiredToken is not null && token != this.RequiredToken))
        {
            // The client's first request carries no token (and no body): it learns the authority and resource here.
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"{Resource}\"";
            status = await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        else
        {
            status = await this.RouteAsync(context);
        }

        this.requests.Enqueue(new KeyVaultRequest(
            request.Method, request.Path.Value ?? string.Empty, request.Path.Value + request.QueryString.Value, hasBearer, status));
    }

    private async Task<int> RouteAsync(HttpContext context)
    {
        string method = context.Request.Method;
        string[] segments = (context.Request.Path.Value ?? string.Empty).Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[1].Length == 0)
        {
            return await WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "No such route in the test Key Vault responder.");
        }

        string collection = segments[0];
        string name = segments[1];
        string? version = segments.Length == 3 && segments[2].Length > 0 ? segments[2] : null;

        bool isForbidden;
        lock (this.gate)
        {
            isForbidden = this.forbidden.Contains(name);
        }

        if (isForbidden)
        {
            return await WriteErrorAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"Caller is not authorized to perform action on resource. If role assignments, deny assignments or role definitions were changed recently, please observe propagation time. Action: 'Microsoft.KeyVault/vaults/secrets/{name}' Vault: test-responder",
                innerCode: "ForbiddenByRbac");
        }

        return (collection, method) switch
        {
            ("secrets", "GET") => await this.GetAsync(context, name, version),
            ("secrets", "PUT") when version is null => await this.PutAsync(context, name),
            ("secrets", "DELETE") when version is null => await this.DeleteAsync(context, name),
            ("deletedsecrets", "GET") when version is null => await this.GetDeletedAsync(context, name),
            ("deletedsecrets", "DELETE") when version is null => await this.PurgeAsync(context, name),
            _ => await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"{method} is not supported here by the test responder."),
        };
    }

    private async Task<int> GetAsync(HttpContext context, string name, string? version)
    {
        StoredSecret? secret;
        lock (this.gate)
        {
            secret = this.secrets.TryGetValue(name, out var versions)
                ? version is null ? versions[^1] : versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase))
                : null;
        }

        if (secret is null)
        {
            string what = version is null ? $"A secret with (name/id) {name} was not found in this key vault." : $"A secret with (name/id) {name}/{version} was not found in this key vault.";
            return await WriteErrorAsync(context, StatusCodes.Status404NotFound, "SecretNotFound", what);
        }

        return await WriteJsonAsync(context, StatusCodes.Status200OK, this.Bundle(secret, includeValue: true));
    }

    private async Task<int> PutAsync(HttpContext context, string name)
    {
        if (!ValidName().IsMatch(name))
        {
            return await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "BadParameter", "The request URI contains an invalid name: " + name);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?["value"]?.GetValue<string>() is not { } value)
        {
            return await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "BadParameter", "Property 'value' is required.");
        }

        bool conflict;
        lock (this.gate)
        {
            conflict = this.DeletedNamesConflict && this.deleted.ContainsKey(name);
        }

        if (conflict)
        {
            return await WriteErrorAsync(
                context,
                StatusCodes.Status409Conflict,
                "Conflict",
                $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");
        }

        var tags = body["tags"] is JsonObject tagObject
            ? tagObject.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        bool enabled = body["attributes"]?["enabled"]?.GetValue<bool>() ?? true;
        var secret = this.Store(name, value, body["contentType"]?.GetValue<string>(), enabled, tags);
        return await WriteJsonAsync(context, StatusCodes.Status200OK, this.Bundle(secret, includeValue: true));
    }

    private async Task<int> DeleteAsync(HttpContext context, string name)
    {
        StoredSecret? latest = null;
        var now = DateTimeOffset.UtcNow;
        lock (this.gate)
        {
            if (this.secrets.Remove(name, out var versions))
            {
                latest = versions[^1];
                this.deleted[name] = (latest, now);
            }
        }

        return latest is null
            ? await WriteErrorAsync(context, StatusCodes.Status404NotFound, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.")
            : await WriteJsonAsync(context, StatusCodes.Status200OK, this.DeletedBundle(latest, now));
    }

    private async Task<int> GetDeletedAsync(HttpContext context, string name)
    {
        (StoredSecret Secret, DateTimeOffset DeletedOn) entry;
        bool found;
        lock (this.gate)
        {
            found = this.deleted.TryGetValue(name, out entry);
        }

        return found
            ? await WriteJsonAsync(context, StatusCodes.Status200OK, this.DeletedBundle(entry.Secret, entry.DeletedOn))
            : await WriteErrorAsync(context, StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
    }

    private async Task<int> PurgeAsync(HttpContext context, string name)
    {
        bool removed;
        lock (this.gate)
        {
            removed = this.deleted.Remove(name);
        }

        if (!removed)
        {
            return await WriteErrorAsync(context, StatusCodes.Status404NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return StatusCodes.Status204NoContent;
    }

    private StoredSecret Store(string name, string value, string? contentType, bool enabled, IReadOnlyDictionary<string, string> tags)
    {
        var secret = new StoredSecret(name, NewVersion(), value, contentType, enabled, DateTimeOffset.UtcNow, tags);
        lock (this.gate)
        {
            if (!this.secrets.TryGetValue(name, out var versions))
            {
                versions = [];
                this.secrets[name] = versions;
            }

            // A set after a purge-less delete would be a conflict in a real vault (see DeletedNamesConflict); here it recreates.
            this.deleted.Remove(name);
            versions.Add(secret);
        }

        return secret;
    }

    private JsonObject Bundle(StoredSecret secret, bool includeValue)
    {
        var tags = new JsonObject();
        foreach (var (key, value) in secret.Tags)
        {
            tags[key] = value;
        }

        var bundle = new JsonObject
        {
            ["id"] = new Uri(this.VaultUri, $"secrets/{secret.Name}/{secret.Version}").ToString(),
            ["attributes"] = new JsonObject
            {
                ["enabled"] = secret.Enabled,
                ["created"] = Unix(secret.Created),
                ["updated"] = Unix(secret.Created),
                ["recoveryLevel"] = "Recoverable+Purgeable",
                ["recoverableDays"] = 90,
            },
            ["tags"] = tags,
        };
        if (includeValue)
        {
            bundle["value"] = secret.Value;
        }

        if (secret.ContentType is not null)
        {
            bundle["contentType"] = secret.ContentType;
        }

        return bundle;
    }

    private JsonObject DeletedBundle(StoredSecret secret, DateTimeOffset deletedOn)
    {
        var bundle = this.Bundle(secret, includeValue: false);
        bundle["recoveryId"] = new Uri(this.VaultUri, $"deletedsecrets/{secret.Name}").ToString();
        bundle["deletedDate"] = Unix(deletedOn);
        bundle["scheduledPurgeDate"] = Unix(deletedOn.AddDays(90));
        return bundle;
    }

    private static async Task<int> WriteErrorAsync(HttpContext context, int status, string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode };
        }

        return await WriteJsonAsync(context, status, new JsonObject { ["error"] = error });
    }

    private static async Task<int> WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(Json), context.RequestAborted);
        return status;
    }
}
