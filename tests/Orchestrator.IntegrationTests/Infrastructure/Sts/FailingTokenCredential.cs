using Azure.Core;
using Azure.Identity;

namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>A managed identity that cannot get a token, as <see cref="ManagedIdentityCredential"/> fails outside Azure.</summary>
public sealed class FailingTokenCredential : TokenCredential
{
    public const string Reason = "ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new CredentialUnavailableException(Reason);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new CredentialUnavailableException(Reason);
}
