using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Security;

namespace Orchestrator.IntegrationTests.Infrastructure.S3Front;

/// <summary>
/// A wire-protocol S3 front on http://127.0.0.1:{free port} that forwards every request unchanged (Host header
/// included, so SigV4 signatures stay valid) to a real S3 server (radosgw) and adds two AWS behaviours radosgw 16
/// does not show:
/// <list type="bullet">
/// <item>Wrong region: a bucket registered with <see cref="PlaceBucket"/> lives in that region; a request signed for
/// another region gets what AWS answers: HeadBucket a bare 301 with <c>x-amz-bucket-region</c>, every other request
/// 301 <c>PermanentRedirect</c> with the documented XML body (Code, Message, Endpoint, Bucket, RequestId, HostId) and
/// the same header; GetBucketLocation (<c>?location</c>) is answered from any region, as AWS does.</item>
/// <item>Object Lock: for a bucket registered with <see cref="LockBucket"/>, a PutObject or UploadPart with neither
/// Content-MD5 nor an <c>x-amz-checksum-*</c> header (nor <c>x-amz-sdk-checksum-algorithm</c> with a trailer) gets
/// 400 InvalidRequest "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object
/// Lock parameters" (radosgw 16 accepts such uploads: measured, see docs/retention-and-regions.md).</item>
/// <item>A caller without s3:GetBucketObjectLockConfiguration (<see cref="DenyObjectLockConfiguration"/>): 403 on
/// <c>GET ?object-lock</c>, so that the connection test has to fall back to its probe upload.</item>
/// <item>A bucket policy requiring SSE-KMS (<see cref="RequireKmsEncryption"/>), evaluated as AWS evaluates the
/// documented "deny unencrypted uploads" statements on the requests authorised as <c>s3:PutObject</c> that carry the
/// encryption headers: PutObject, CopyObject and CreateMultipartUpload without <c>x-amz-server-side-encryption:
/// aws:kms</c> (or, when the policy names a key, with another key) get 403 AccessDenied "… with an explicit deny in
/// a resource-based policy". UploadPart and CompleteMultipartUpload belong to an upload whose encryption was set (and
/// checked) when it was created. radosgw 16 cannot show this: it leaves CreateMultipartUpload's SSE headers out of the
/// policy's condition context and so denies every multi-part upload under such a policy (docs/enterprise-buckets.md).</item>
/// </list>
/// Every request is recorded (<see cref="Requests"/>).
/// </summary>
public sealed partial class S3FrontResponder : IAsyncDisposable
{
    public const string ObjectLockMessage = "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters";

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly Uri upstreamBase;
    private readonly ConcurrentDictionary<string, string> regions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> locked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> kmsRequired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> lockConfigurationDenied = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<S3FrontRequest> requests = new();

    private S3FrontResponder(WebApplication app, Uri upstreamBase, string? upstreamCaCertificate)
    {
        this.app = app;
        this.upstreamBase = upstreamBase;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        if (upstreamCaCertificate is not null)
        {
            // The upstream radosgw serves TLS with a certificate of the tests' own CA.
            var root = PrivateRootTrust.Load(upstreamCaCertificate);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => PrivateRootTrust.IsTrusted(root, certificate as X509Certificate2, errors);
        }

        this.upstream = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>: the runner's <c>S3:ServiceUrl</c>.</summary>
    public string ServiceUrl { get; private set; } = string.Empty;

    public IReadOnlyList<S3FrontRequest> Requests => [.. this.requests];

    /// <summary>Starts the front on a free port; <paramref name="upstreamCaCertificate"/> is the CA of an HTTPS upstream.</summary>
    public static async Task<S3FrontResponder> StartAsync(string upstreamEndpoint, string? upstreamCaCertificate = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var responder = new S3FrontResponder(app, new Uri(upstreamEndpoint.TrimEnd('/')), upstreamCaCertificate);
        app.Run(responder.HandleAsync);
        await app.StartAsync(cancellationToken);
        responder.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return responder;
    }

    /// <summary>The bucket lives in <paramref name="region"/>: requests signed for any other region are redirected.</summary>
    public void PlaceBucket(string bucket, string region) => this.regions[bucket] = region;

    /// <summary>The bucket has Object Lock: uploads without an integrity header are refused.</summary>
    public void LockBucket(string bucket) => this.locked[bucket] = true;

    /// <summary>
    /// The bucket's policy denies <c>s3:PutObject</c> without <c>x-amz-server-side-encryption: aws:kms</c>, and with a
    /// key other than <paramref name="keyArn"/> when one is given (the <c>s3:x-amz-server-side-encryption-aws-kms-key-id</c>
    /// condition).
    /// </summary>
    public void RequireKmsEncryption(string bucket, string? keyArn = null) => this.kmsRequired[bucket] = keyArn ?? string.Empty;

    /// <summary>The caller lacks s3:GetBucketObjectLockConfiguration on the bucket: <c>GET ?object-lock</c> gets 403 AccessDenied.</summary>
    public void DenyObjectLockConfiguration(string bucket) => this.lockConfigurationDenied[bucket] = true;

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
        this.upstream.Dispose();
    }

    private static string ErrorXml(string code, string message, string bucket, string? endpoint = null) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message + "</Message>"
        + (endpoint is null ? string.Empty : "<Endpoint>" + endpoint + "</Endpoint>")
        + "<Bucket>" + bucket + "</Bucket><RequestId>S3FRONT" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant()
        + "</RequestId><HostId>s3front-host-id</HostId></Error>";

    private static async Task AnswerAsync(HttpContext context, int status, string? xml)
    {
        context.Response.StatusCode = status;
        if (xml is not null)
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(xml, context.RequestAborted);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        string path = (request.Path.Value ?? "/").TrimStart('/');
        string bucket = path.Split('/', 2)[0];
        string? key = path.Split('/', 2) is [_, { Length: > 0 } rest] ? rest : null;
        string query = request.QueryString.Value ?? string.Empty;
        string? signingRegion = SigningRegion().Match(request.Headers.Authorization.ToString()) is { Success: true } m ? m.Groups[1].Value : null;
        var integrity = request.Headers.Keys
            .Where(h => h.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase) || h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)
                || (h.Equals("x-amz-trailer", StringComparison.OrdinalIgnoreCase) && request.Headers[h].ToString().StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)))
            .Select(h => h.ToLowerInvariant())
            .ToList();
        int status;

        if (this.regions.TryGetValue(bucket, out string? actual) && !string.Equals(actual, signingRegion, StringComparison.Ordinal)
            && !(request.Method == "GET" && key is null && request.Query.ContainsKey("location")))
        {
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted); // an early answer would reset the upload
            context.Response.Headers["x-amz-bucket-region"] = actual;
            status = (int)HttpStatusCode.MovedPermanently;
            await AnswerAsync(context, status, request.Method == "HEAD" ? null : ErrorXml(
                "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
                bucket,
                $"{bucket}.s3.{actual}.amazonaws.com"));
        }
        else if (this.regions.TryGetValue(bucket, out actual) && request.Method == "GET" && key is null && request.Query.ContainsKey("location"))
        {
            status = 200;
            await AnswerAsync(context, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + (actual == "us-east-1" ? string.Empty : actual) + "</LocationConstraint>");
        }
        else if (this.locked.ContainsKey(bucket) && request.Method == "PUT" && key is not null && integrity.Count == 0
            && !request.Headers.ContainsKey("x-amz-copy-source"))
        {
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            status = (int)HttpStatusCode.BadRequest;
            await AnswerAsync(context, status, ErrorXml("InvalidRequest", ObjectLockMessage, bucket));
        }
        else if (this.lockConfigurationDenied.ContainsKey(bucket) && request.Method == "GET" && key is null && request.Query.ContainsKey("object-lock"))
        {
            status = (int)HttpStatusCode.Forbidden;
            await AnswerAsync(context, status, ErrorXml("AccessDenied", "Access Denied", bucket));
        }
        else if (this.kmsRequired.TryGetValue(bucket, out string? requiredKey) && key is not null && CarriesEncryptionHeaders(request)
            && !KmsEncrypted(request, requiredKey))
        {
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            status = (int)HttpStatusCode.Forbidden;
            await AnswerAsync(context, status, ErrorXml(
                "AccessDenied",
                $"User: arn:aws:iam::123456789012:user/tester is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::{bucket}/{Uri.UnescapeDataString(key)}\" with an explicit deny in a resource-based policy",
                bucket));
        }
        else
        {
            status = await this.ForwardAsync(context, rawTarget);
        }

        this.requests.Enqueue(new S3FrontRequest(request.Method, bucket, key is null ? null : Uri.UnescapeDataString(key), query, signingRegion, integrity, status));
    }

    /// <summary>The requests whose own headers set an object's encryption: PutObject, CopyObject, CreateMultipartUpload.</summary>
    private static bool CarriesEncryptionHeaders(HttpRequest request) =>
        (request.Method == "PUT" && !request.Query.ContainsKey("partNumber") && !request.Query.ContainsKey("acl") && !request.Query.ContainsKey("retention")
            && !request.Query.ContainsKey("tagging") && !request.Query.ContainsKey("legal-hold"))
        || (request.Method == "POST" && request.Query.ContainsKey("uploads"));

    private static bool KmsEncrypted(HttpRequest request, string requiredKey) =>
        request.Headers["x-amz-server-side-encryption"].ToString() == "aws:kms"
        && (requiredKey.Length == 0 || request.Headers["x-amz-server-side-encryption-aws-kms-key-id"].ToString() == requiredKey);

    private async Task<int> ForwardAsync(HttpContext context, string rawTarget)
    {
        var request = context.Request;
        var target = new Uri(this.upstreamBase.GetLeftPart(UriPartial.Authority) + rawTarget, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        bool hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            forward.Content = new StreamContent(request.Body);
        }
        else if (request.ContentLength is not null || request.ContentType is not null)
        {
            forward.Content = new ByteArrayContent([]); // carries the (signed) content headers of an empty body
        }

        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        forward.Headers.Host = request.Host.Value; // the signature covers the host the client addressed
        using var response = await this.upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (request.Method != "HEAD")
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }

        return (int)response.StatusCode;
    }

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/([^/]+)/s3/aws4_request")]
    private static partial Regex SigningRegion();
}
