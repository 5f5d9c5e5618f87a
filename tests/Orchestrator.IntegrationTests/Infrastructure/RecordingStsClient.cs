using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>The real STS client, noting the session credentials it hands out so a test can look for leaks of them.</summary>
public sealed class RecordingStsClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config)
    : AmazonSecurityTokenServiceClient(credentials, config)
{
    public ConcurrentBag<Amazon.SecurityToken.Model.Credentials> Issued { get; } = [];

    public override async Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken = default)
    {
        var response = await base.AssumeRoleAsync(request, cancellationToken);
        this.Issued.Add(response.Credentials);
        return response;
    }
}
