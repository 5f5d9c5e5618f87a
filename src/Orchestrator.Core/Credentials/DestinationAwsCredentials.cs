using Amazon.Runtime;
using Orchestrator.Domain;

namespace Orchestrator.Credentials;

/// <summary>Lets one long-lived S3 client per destination pick up refreshed credentials on every request.</summary>
internal sealed class DestinationAwsCredentials(IDestinationCredentialProvider provider, Destination destination) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() =>
        provider.GetCredentialsAsync(destination, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync() =>
        await provider.GetCredentialsAsync(destination, CancellationToken.None);
}
