using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The scale model of Azure Table Storage's per-partition target, in front of Azurite (which enforces none): an HTTP
/// proxy of the table endpoint that gives each PartitionKey a token bucket of <c>rate</c> entities per second (burst:
/// one second's worth). A batch transaction (<c>$batch</c>, one partition by Azure's rules) costs one token per
/// operation in it; when its partition's bucket holds fewer, the batch is answered 503 ServerBusy with Azure's error
/// body (JSON for the SDK's <c>Accept: application/json</c>, XML otherwise) without reaching Azurite, as an overloaded
/// partition answers. Everything else (run records, ledger, single-entity reads and writes) passes unmetered. With
/// <c>rate = 0</c> nothing is refused: the proxy's own cost alone, for the unthrottled row.
/// </summary>
internal sealed partial class PartitionRateProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 });
    private readonly Uri target;
    private readonly double rate;
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private long refused;
    private long admitted;

    private PartitionRateProxy(WebApplication app, Uri target, double rate)
    {
        this.app = app;
        this.target = target;
        this.rate = rate;
    }

    /// <summary>Batches answered 503 ServerBusy.</summary>
    public long Refused => Interlocked.Read(ref this.refused);

    /// <summary>Entities of the batches forwarded.</summary>
    public long Admitted => Interlocked.Read(ref this.admitted);

    public int Port { get; private set; }

    /// <summary>Starts a proxy to the table endpoint of <paramref name="connectionString"/> (Azurite's).</summary>
    public static async Task<PartitionRateProxy> StartAsync(string connectionString, double entitiesPerSecondPerPartition)
    {
        string endpoint = connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "TableEndpoint")[1];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var proxy = new PartitionRateProxy(web, new Uri(endpoint), entitiesPerSecondPerPartition);
        web.Run(proxy.HandleAsync);
        await web.StartAsync();
        proxy.Port = new Uri(web.Urls.Single()).Port;
        return proxy;
    }

    /// <summary><paramref name="connectionString"/> with its table endpoint moved to this proxy.</summary>
    public string Through(string connectionString)
    {
        var uri = new UriBuilder(this.target) { Port = this.Port };
        return string.Join(';', connectionString.Split(';').Select(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal) ? "TableEndpoint=" + uri.Uri.ToString().TrimEnd('/') : p));
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
        this.forward.Dispose();
    }

    [GeneratedRegex(@"PartitionKey='([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionKey();

    [GeneratedRegex(@"^(POST|PUT|PATCH|MERGE|DELETE|GET) \S+ HTTP/1\.1\r?$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Operation();

    private async Task HandleAsync(HttpContext context)
    {
        bool batch = context.Request.Path.Value?.EndsWith("$batch", StringComparison.Ordinal) == true;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        byte[] content = body.ToArray();
        if (batch)
        {
            string text = Encoding.UTF8.GetString(content);
            int entities = Operation().Count(text);
            string partition = PartitionKey().Match(text) is { Success: true } m ? m.Groups[1].Value : string.Empty;
            if (this.rate > 0 && !this.buckets.GetOrAdd(partition, _ => new Bucket(this.rate)).TryTake(entities))
            {
                Interlocked.Increment(ref this.refused);
                await ServerBusy(context);
                return;
            }

            Interlocked.Add(ref this.admitted, entities);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(this.target.GetLeftPart(UriPartial.Authority) + context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget));
        request.Content = new ByteArrayContent(content);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await this.forward.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await context.Response.Body.WriteAsync(answer);
    }

    /// <summary>Azure's answer for an overloaded partition: 503, <c>x-ms-error-code: ServerBusy</c>, the error body.</summary>
    private static async Task ServerBusy(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString();
        string message = $"The server is busy.\nRequestId:{requestId}\nTime:{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}";
        context.Response.StatusCode = 503;
        context.Response.Headers["x-ms-error-code"] = "ServerBusy";
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.Headers["x-ms-version"] = context.Request.Headers["x-ms-version"].ToString() is { Length: > 0 } v ? v : "2019-02-02";
        if (context.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
            await context.Response.WriteAsync("{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"" + message.Replace("\n", "\\n", StringComparison.Ordinal) + "\"}}}");
        }
        else
        {
            context.Response.ContentType = "application/xml;charset=utf-8";
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"utf-8\"?><error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><code>ServerBusy</code><message xml:lang=\"en-US\">"
                + WebUtility.HtmlEncode(message) + "</message></error>");
        }
    }

    /// <summary>A token bucket: <c>rate</c> tokens a second, holding at most one second's worth; starts full.</summary>
    private sealed class Bucket(double perSecond)
    {
        private readonly Lock gate = new();
        private readonly double rate = perSecond;
        private double tokens = perSecond;
        private long stamp = Stopwatch.GetTimestamp();

        public bool TryTake(int count)
        {
            lock (this.gate)
            {
                long now = Stopwatch.GetTimestamp();
                this.tokens = Math.Min(this.rate, this.tokens + (Stopwatch.GetElapsedTime(this.stamp, now).TotalSeconds * this.rate));
                this.stamp = now;
                if (this.tokens < count)
                {
                    return false;
                }

                this.tokens -= count;
                return true;
            }
        }
    }
}
