using System.Net;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Orchestrator.Security;

namespace Orchestrator.S3;

/// <summary>
/// The AWS SDK's HTTP clients for an endpoint override whose certificate a private CA signed (<c>S3:CaCertificate</c>):
/// the settings the SDK's own factory applies (redirects left to the SDK, connection limit, proxy, timeout), plus
/// trust in that CA. The SDK caches the clients it gets as it does its own.
/// </summary>
public sealed class PrivateRootHttpClientFactory(X509Certificate2 root) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var handler = PrivateRootTrust.Handler(root);
        handler.AllowAutoRedirect = clientConfig.AllowAutoRedirect;
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.UseCookies = false;
        if (clientConfig.MaxConnectionsPerServer is int connections)
        {
            handler.MaxConnectionsPerServer = connections;
        }

        if (clientConfig.GetWebProxy() is { } proxy)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }

        var client = new HttpClient(handler, disposeHandler: true);
        if (clientConfig.Timeout is TimeSpan timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }
}
