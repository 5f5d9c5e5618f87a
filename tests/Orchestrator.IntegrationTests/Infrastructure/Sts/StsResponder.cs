using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>
/// An in-process STS on http://127.0.0.1:{free port} that answers <c>POST /</c> <c>Action=AssumeRole</c> in the wire
/// format the real AWSSDK.SecurityToken client parses (see shared/reference/local-servers.md). Each role ARN has a
/// <see cref="StsRoleRule"/> (required ExternalId, credential lifetime, throttling, expired source token); unknown
/// roles get 404 NoSuchEntity. Every request is recorded as parsed (<see cref="Calls"/>), every credential issued is
/// unique and recorded (<see cref="Issued"/>). Expirations come from the <see cref="TimeProvider"/> given at start,
/// so a test's fake clock and the responder agree.
/// </summary>
public sealed partial class StsResponder : IAsyncDisposable
{
    /// <summary>Our source credentials as the tests sign with them (any key is accepted; it is recorded).</summary>
    public const string SourceAccessKeyId = "AKIASTSRESPONDER0001";

    public const string SourceSecretAccessKey = "sts-responder-source-secret-key-0000000000";

    /// <summary>Every issued session token contains this, so a test can tell a responder token anywhere (e.g. in S3 requests).</summary>
    public const string SessionTokenMarker = "STSRESPONDER";

    private const string WebIdentityAction = "AssumeRoleWithWebIdentity";

    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    private readonly WebApplication app;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, StsRoleRule> roles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StsAssumeRoleCall> calls = new();
    private int sequence;
    private int issuedCount;

    private StsResponder(WebApplication app, TimeProvider time)
    {
        this.app = app;
        this.time = time;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>: the STS <c>ServiceURL</c> / <c>S3:StsServiceUrl</c>.</summary>
    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>The principal named in AccessDenied messages.</summary>
    public string CallerArn { get; set; } = "arn:aws:iam::111122223333:user/orchestrator-source";

    /// <summary>Delay before every answer (to make concurrent callers overlap). Default none.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The web identity token AssumeRoleWithWebIdentity accepts (what the test's Entra stand-in issues); null: none.</summary>
    public string? AcceptedWebIdentityToken { get; set; }

    /// <summary>Configuration keys that point a runner's STS client at this responder with the source credentials.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["S3:StsServiceUrl"] = this.ServiceUrl,
        ["Sts:Region"] = "us-east-1",
        ["Sts:SourceAccessKeyId"] = SourceAccessKeyId,
        ["Sts:SourceSecretAccessKey"] = SourceSecretAccessKey,
    };

    /// <summary>All requests received so far, in order of arrival.</summary>
    public IReadOnlyList<StsAssumeRoleCall> Calls => [.. this.calls.OrderBy(c => c.Sequence)];

    /// <summary>All credentials issued so far, in order.</summary>
    public IReadOnlyList<StsIssuedCredentials> Issued => [.. this.Calls.Where(c => c.Issued is not null).Select(c => c.Issued!)];

    public static async Task<StsResponder> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var responder = new StsResponder(app, time ?? TimeProvider.System);
        app.MapPost("/", responder.HandleAsync);
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        responder.ServiceUrl = address.TrimEnd('/');
        return responder;
    }

    /// <summary>Adds (or replaces) a role. <paramref name="requiredExternalId"/> null: the trust policy has no ExternalId condition.</summary>
    public StsRoleRule AddRole(string roleArn, string? requiredExternalId = null, TimeSpan? credentialLifetime = null)
    {
        var rule = new StsRoleRule(roleArn) { RequiredExternalId = requiredExternalId };
        if (credentialLifetime is not null)
        {
            rule.CredentialLifetime = credentialLifetime;
        }

        this.roles[roleArn] = rule;
        return rule;
    }

    /// <summary>The rule of a role added with <see cref="AddRole"/>.</summary>
    public StsRoleRule Role(string roleArn) => this.roles[roleArn];

    public bool RemoveRole(string roleArn) => this.roles.TryRemove(roleArn, out _);

    /// <summary>Requests for one role ARN, in order.</summary>
    public IReadOnlyList<StsAssumeRoleCall> CallsFor(string roleArn) => [.. this.Calls.Where(c => c.RoleArn == roleArn)];

    /// <summary>Forgets recorded calls (rules stay).</summary>
    public void ClearCalls() => this.calls.Clear();

    /// <summary>A real STS client aimed at this responder, configured as production does with an endpoint override.</summary>
    public AmazonSecurityTokenServiceClient CreateClient(int? maxErrorRetry = null)
    {
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = this.ServiceUrl, AuthenticationRegion = "us-east-1" };
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(SourceAccessKeyId, SourceSecretAccessKey), config);
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        int seq = Interlocked.Increment(ref this.sequence);
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var (signingKey, signingRegion, signingService) = ParseAuthorization(context.Request.Headers.Authorization.ToString());

        var call = new StsAssumeRoleCall
        {
            Sequence = seq,
            Action = form.GetValueOrDefault("Action"),
            Version = form.GetValueOrDefault("Version"),
            RoleArn = form.GetValueOrDefault("RoleArn"),
            RoleSessionName = form.GetValueOrDefault("RoleSessionName"),
            DurationSeconds = form.GetValueOrDefault("DurationSeconds"),
            ExternalId = form.GetValueOrDefault("ExternalId"),
            SigningAccessKeyId = signingKey,
            SigningRegion = signingRegion,
            SigningService = signingService,
            Form = form,
            Status = HttpStatusCode.OK,
            ErrorCode = null,
            Issued = null,
            ReceivedAt = this.time.GetUtcNow(),
        };

        if (this.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(this.ResponseDelay, context.RequestAborted);
        }

        var (status, error, message, issued) = this.Decide(call);
        this.calls.Enqueue(call with { Status = status, ErrorCode = error, Issued = issued });

        string requestId = Guid.NewGuid().ToString();
        XDocument body = issued is not null ? SuccessBody(issued, requestId, call.Action!) : ErrorBody(error!, message!, requestId);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(body.Declaration + body.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    private (HttpStatusCode Status, string? Error, string? Message, StsIssuedCredentials? Issued) Decide(StsAssumeRoleCall call)
    {
        if (call.Action == WebIdentityAction)
        {
            return this.DecideWebIdentity(call);
        }

        if (call.SigningAccessKeyId is null)
        {
            return (HttpStatusCode.Forbidden, "MissingAuthenticationToken", "Request is missing Authentication Token", null);
        }

        if (call.SigningService != "sts")
        {
            return (HttpStatusCode.Forbidden, "SignatureDoesNotMatch", $"Credential should be scoped to correct service: 'sts'. ", null);
        }

        if (call.Action != "AssumeRole")
        {
            return (HttpStatusCode.BadRequest, "InvalidAction", $"Could not find operation {call.Action} for version {call.Version}", null);
        }

        if (string.IsNullOrEmpty(call.RoleArn))
        {
            return Validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }

        if (call.RoleSessionName is null || call.RoleSessionName.Length is < 2 or > 64 || !SessionNamePattern().IsMatch(call.RoleSessionName))
        {
            return Validation($"Value '{call.RoleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match pattern [\\w+=,.@-]*");
        }

        int duration = 3600;
        if (call.DurationSeconds is not null
            && (!int.TryParse(call.DurationSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration is < 900 or > 43_200))
        {
            return Validation($"Value '{call.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }

        if (call.ExternalId is not null && (call.ExternalId.Length is < 2 or > 1224 || !ExternalIdPattern().IsMatch(call.ExternalId)))
        {
            return Validation($"Value '{call.ExternalId}' at 'externalId' failed to satisfy constraint: Member must have length between 2 and 1224 and match pattern [\\w+=,.@:\\/-]*");
        }

        if (!this.roles.TryGetValue(call.RoleArn, out var rule))
        {
            string roleName = call.RoleArn[(call.RoleArn.LastIndexOf('/') + 1)..];
            return (HttpStatusCode.NotFound, "NoSuchEntity", $"The role with name {roleName} cannot be found.", null);
        }

        if (rule.TryConsumeExpiredToken())
        {
            return (HttpStatusCode.Forbidden, "ExpiredToken", "The security token included in the request is expired", null);
        }

        if (rule.TryConsumeThrottle())
        {
            return (HttpStatusCode.BadRequest, "Throttling", "Rate exceeded", null);
        }

        if (rule.RequiredExternalId is not null && !string.Equals(rule.RequiredExternalId, call.ExternalId, StringComparison.Ordinal))
        {
            return (HttpStatusCode.Forbidden, "AccessDenied", $"User: {this.CallerArn} is not authorized to perform: sts:AssumeRole on resource: {call.RoleArn}", null);
        }

        int n = Interlocked.Increment(ref this.issuedCount);
        var issued = new StsIssuedCredentials(
            call.RoleArn,
            call.RoleSessionName,
            "ASIA" + n.ToString("D16", CultureInfo.InvariantCulture),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            $"FwoGZXIvYXdzE{SessionTokenMarker}{n:D6}" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            this.time.GetUtcNow() + (rule.CredentialLifetime ?? TimeSpan.FromSeconds(duration)));
        return (HttpStatusCode.OK, null, null, issued);

        static (HttpStatusCode, string?, string?, StsIssuedCredentials?) Validation(string detail) =>
            (HttpStatusCode.BadRequest, "ValidationError", "1 validation error detected: " + detail, null);
    }

    /// <summary>
    /// AssumeRoleWithWebIdentity as AWS answers it: an unsigned call; the token must be the one the test's identity
    /// provider issued (<see cref="AcceptedWebIdentityToken"/>), else InvalidIdentityToken; the role must be known.
    /// </summary>
    private (HttpStatusCode Status, string? Error, string? Message, StsIssuedCredentials? Issued) DecideWebIdentity(StsAssumeRoleCall call)
    {
        string? token = call.Form.GetValueOrDefault("WebIdentityToken");
        if (string.IsNullOrEmpty(token))
        {
            return (HttpStatusCode.BadRequest, "ValidationError", "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null", null);
        }

        if (this.AcceptedWebIdentityToken is null || !string.Equals(token, this.AcceptedWebIdentityToken, StringComparison.Ordinal))
        {
            return (HttpStatusCode.BadRequest, "InvalidIdentityToken", "Couldn't verify the web identity token with the identity provider.", null);
        }

        if (string.IsNullOrEmpty(call.RoleArn) || !this.roles.TryGetValue(call.RoleArn, out var rule))
        {
            return (HttpStatusCode.Forbidden, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", null);
        }

        int n = Interlocked.Increment(ref this.issuedCount);
        return (HttpStatusCode.OK, null, null, new StsIssuedCredentials(
            call.RoleArn,
            call.RoleSessionName ?? "web-identity",
            "ASIAWEB" + n.ToString("D13", CultureInfo.InvariantCulture),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            $"FwoGZXIvYXdzE{SessionTokenMarker}W{n:D6}" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            this.time.GetUtcNow() + (rule.CredentialLifetime ?? TimeSpan.FromHours(1))));
    }

    /// <summary>SigV4: <c>AWS4-HMAC-SHA256 Credential=AKID/yyyyMMdd/region/service/aws4_request, SignedHeaders=..., Signature=...</c>.</summary>
    private static (string? AccessKeyId, string? Region, string? Service) ParseAuthorization(string header)
    {
        var match = AuthorizationPattern().Match(header);
        return match.Success && header.Contains("Signature=", StringComparison.Ordinal)
            ? (match.Groups["key"].Value, match.Groups["region"].Value, match.Groups["service"].Value)
            : (null, null, null);
    }

    private static XDocument SuccessBody(StsIssuedCredentials c, string requestId, string action)
    {
        string roleName = c.RoleArn[(c.RoleArn.LastIndexOf('/') + 1)..];
        string account = c.RoleArn.Split(':') is { Length: > 4 } parts ? parts[4] : "000000000000";
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                Ns + (action + "Response"),
                new XElement(
                    Ns + (action + "Result"),
                    new XElement(
                        Ns + "AssumedRoleUser",
                        new XElement(Ns + "AssumedRoleId", $"AROA{Math.Abs(StringComparer.Ordinal.GetHashCode(c.RoleArn)):D16}:{c.RoleSessionName}"),
                        new XElement(Ns + "Arn", $"arn:aws:sts::{account}:assumed-role/{roleName}/{c.RoleSessionName}")),
                    new XElement(
                        Ns + "Credentials",
                        new XElement(Ns + "AccessKeyId", c.AccessKeyId),
                        new XElement(Ns + "SecretAccessKey", c.SecretAccessKey),
                        new XElement(Ns + "SessionToken", c.SessionToken),
                        new XElement(Ns + "Expiration", c.Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))),
                new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))));
    }

    private static XDocument ErrorBody(string code, string message, string requestId) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                Ns + "ErrorResponse",
                new XElement(Ns + "Error", new XElement(Ns + "Type", "Sender"), new XElement(Ns + "Code", code), new XElement(Ns + "Message", message)),
                new XElement(Ns + "RequestId", requestId)));

    [GeneratedRegex(@"Credential=(?<key>[^/,\s]+)/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]*$")]
    private static partial Regex ExternalIdPattern();
}
