using Amazon.Runtime;
using Orchestrator.Domain;

namespace Orchestrator.Credentials;

/// <summary>
/// Resolves a destination to AWS credentials inside the activity that does the I/O (Key Vault secret or STS
/// AssumeRole), cached in memory per destination until shortly before they expire.
/// </summary>
public interface IDestinationCredentialProvider
{
    ValueTask<ImmutableCredentials> GetCredentialsAsync(Destination destination, CancellationToken cancellationToken);

    /// <summary>Drops the cached credentials (after ExpiredToken or a rotated secret).</summary>
    void Invalidate(Destination destination);
}
