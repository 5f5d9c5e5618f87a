using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Domain;
using Orchestrator.Options;
using Orchestrator.Security;

namespace Orchestrator.S3;

/// <inheritdoc cref="IS3ClientProvider"/>
public sealed class S3ClientProvider(IDestinationCredentialProvider credentials, IOptions<S3Options> options) : IS3ClientProvider, IDisposable
{
    private readonly ConcurrentDictionary<Destination, Lazy<AmazonS3Client>> clients = new();

    public IAmazonS3 GetClient(Destination destination) =>
        this.clients.GetOrAdd(destination, d => new Lazy<AmazonS3Client>(() => this.Create(d))).Value;

    /// <summary>The client settings every S3 call of the service uses (also used by tests and benchmarks).</summary>
    public static AmazonS3Config CreateConfig(S3Options settings, string region)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = settings.MaxErrorRetry,
            Timeout = settings.RequestTimeout,
            ForcePathStyle = settings.ForcePathStyle,
        };
        if (!string.IsNullOrEmpty(settings.ServiceUrl))
        {
            config.ServiceURL = settings.ServiceUrl;
            config.AuthenticationRegion = settings.AuthenticationRegion ?? region;
            if (!string.IsNullOrEmpty(settings.CaCertificate))
            {
                config.HttpClientFactory = new PrivateRootHttpClientFactory(PrivateRootTrust.Load(settings.CaCertificate));
            }
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (settings.ChecksumsWhenRequiredOnly)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return config;
    }

    public void Dispose()
    {
        foreach (var client in this.clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }
    }

    private AmazonS3Client Create(Destination destination) =>
        new(new DestinationAwsCredentials(credentials, destination), CreateConfig(options.Value, destination.Region));
}
