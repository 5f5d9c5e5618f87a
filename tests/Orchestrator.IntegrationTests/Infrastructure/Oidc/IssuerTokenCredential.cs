using System.Collections.Concurrent;
using Azure.Core;

namespace Orchestrator.IntegrationTests.Infrastructure.Oidc;

/// <summary>
/// The app's managed identity as the product sees it (an Azure <see cref="TokenCredential"/>), backed by a
/// <see cref="TestOidcIssuer"/>: like Entra ID, the token's <c>aud</c> is the requested scope without <c>/.default</c>.
/// <paramref name="signWithForeignKey"/> makes it hand out tokens signed by a key the issuer does not publish.
/// </summary>
public sealed class IssuerTokenCredential(TestOidcIssuer issuer, string subject, bool signWithForeignKey = false) : TokenCredential
{
    private readonly ConcurrentQueue<string> scopes = new();

    /// <summary>Every scope asked for, in order.</summary>
    public IReadOnlyList<string> RequestedScopes => [.. this.scopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        string scope = requestContext.Scopes.Single();
        this.scopes.Enqueue(scope);
        const string Suffix = "/.default";
        string audience = scope.EndsWith(Suffix, StringComparison.Ordinal) ? scope[..^Suffix.Length] : scope;
        var lifetime = TimeSpan.FromMinutes(10);
        return new AccessToken(issuer.Mint(audience, subject, lifetime, signWithForeignKey), DateTimeOffset.UtcNow.Add(lifetime));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(this.GetToken(requestContext, cancellationToken));
}
