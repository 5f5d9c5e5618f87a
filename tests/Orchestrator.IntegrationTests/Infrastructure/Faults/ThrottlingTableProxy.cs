using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Orchestrator.IntegrationTests.Infrastructure.Faults;

/// <summary>
/// An HTTP proxy in front of Azurite's table endpoint that answers batch requests as an overloaded Azure partition
/// does: the 4th, 8th, 12th... batch gets 503 ServerBusy without reaching Azurite; the 5th, 10th, 15th... is forwarded
/// (the write lands) and its answer replaced by 500 OperationTimedOut (the answer is lost). Everything else passes.
/// </summary>
internal sealed class ThrottlingTableProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient forward = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Uri target;
    private int batches;
    private int refused;
    private int answersLost;

    private ThrottlingTableProxy(WebApplication app, Uri target)
    {
        this.app = app;
        this.target = target;
    }

    /// <summary>503s answered before forwarding.</summary>
    public int Refused => Volatile.Read(ref this.refused);

    /// <summary>Batches forwarded whose answer was replaced by a 500.</summary>
    public int AnswersLost => Volatile.Read(ref this.answersLost);

    public int Port { get; private set; }

    /// <summary>Starts a proxy to the table endpoint of <paramref name="connectionString"/> (Azurite's).</summary>
    public static async Task<ThrottlingTableProxy> StartAsync(string connectionString)
    {
        string endpoint = connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "TableEndpoint")[1];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var proxy = new ThrottlingTableProxy(web, new Uri(endpoint));
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

    private async Task HandleAsync(HttpContext context)
    {
        bool batch = context.Request.Path.Value?.EndsWith("$batch", StringComparison.Ordinal) == true;
        int n = batch ? Interlocked.Increment(ref this.batches) : 0;
        if (batch && n % 4 == 0)
        {
            Interlocked.Increment(ref this.refused);
            await Fail(context, 503, "ServerBusy", "The server is busy.");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(this.target.GetLeftPart(UriPartial.Authority) + context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget));
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
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
        if (batch && n % 5 == 0)
        {
            Interlocked.Increment(ref this.answersLost);
            await Fail(context, 500, "OperationTimedOut", "Operation could not be completed within the specified time.");
            return;
        }

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

    private static async Task Fail(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;odata=minimalmetadata";
        context.Response.Headers["x-ms-error-code"] = code;
        await context.Response.WriteAsync("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"" + message + "\"}}}");
    }
}
