using System.Collections.Concurrent;
using System.Net;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.IntegrationTests.Infrastructure.S3Kms;

/// <summary>
/// A tiny S3 on http://127.0.0.1:{free port} (path style) for what radosgw 16 cannot show: AWS refusing an
/// SSE-KMS write because the caller may not use the key. Every object write (PutObject, CreateMultipartUpload) gets
/// the 403 AWS documents, <c>AccessDenied</c> with "User: … is not authorized to perform: kms:GenerateDataKey on
/// resource: KEY because no identity-based policy allows the kms:GenerateDataKey action"; the reads a connection test
/// and an export make before writing (GetBucketLocation, ListObjectsV2, ListMultipartUploads) and DeleteObject answer
/// as an empty us-east-1 bucket. Anything else is 501, so a test notices a call it did not expect.
/// </summary>
public sealed class KmsDenyingS3Responder : IAsyncDisposable
{
    private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> requests = new();

    private KmsDenyingS3Responder(WebApplication app, string keyArn)
    {
        this.app = app;
        this.KeyArn = keyArn;
    }

    public string ServiceUrl { get; private set; } = string.Empty;

    public string KeyArn { get; }

    /// <summary>"METHOD /path?query" of every request, in order of arrival.</summary>
    public IReadOnlyList<string> Requests => [.. this.requests];

    public static async Task<KmsDenyingS3Responder> StartAsync(string keyArn)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var responder = new KmsDenyingS3Responder(app, keyArn);
        app.Run(responder.HandleAsync);
        await app.StartAsync();
        responder.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return responder;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        this.requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        string[] segments = request.Path.Value!.Trim('/').Split('/', 2);
        string bucket = segments[0];
        bool objectPath = segments.Length == 2 && segments[1].Length > 0;
        var query = request.Query;
        string requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        context.Response.Headers["x-amz-request-id"] = requestId;

        if (objectPath && (HttpMethods.IsPut(request.Method) && !query.ContainsKey("partNumber") || HttpMethods.IsPost(request.Method) && query.ContainsKey("uploads")))
        {
            string message = $"User: arn:aws:sts::123456789012:assumed-role/exporter/orchestrator is not authorized to perform: kms:GenerateDataKey on resource: {this.KeyArn} because no identity-based policy allows the kms:GenerateDataKey action";
            await Xml(context, 403, $"<Error><Code>AccessDenied</Code><Message>{SecurityElement.Escape(message)}</Message><RequestId>{requestId}</RequestId><HostId>responder</HostId></Error>");
        }
        else if (!objectPath && HttpMethods.IsGet(request.Method) && query.ContainsKey("location"))
        {
            await Xml(context, 200, $"<LocationConstraint xmlns=\"{Ns}\"/>");
        }
        else if (!objectPath && HttpMethods.IsGet(request.Method) && query.ContainsKey("uploads"))
        {
            await Xml(context, 200, $"<ListMultipartUploadsResult xmlns=\"{Ns}\"><Bucket>{bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>");
        }
        else if (!objectPath && HttpMethods.IsGet(request.Method) && query["list-type"] == "2")
        {
            await Xml(context, 200, $"<ListBucketResult xmlns=\"{Ns}\"><Name>{bucket}</Name><Prefix>{SecurityElement.Escape(query["prefix"].ToString())}</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>");
        }
        else if (objectPath && HttpMethods.IsDelete(request.Method))
        {
            context.Response.StatusCode = 204;
        }
        else
        {
            await Xml(context, 501, $"<Error><Code>NotImplemented</Code><Message>The responder does not answer this request.</Message><RequestId>{requestId}</RequestId></Error>");
        }
    }

    private static Task Xml(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body, context.RequestAborted);
    }
}
