using System.Collections.Concurrent;
using Azure.Core;

namespace Orchestrator.IntegrationTests.Infrastructure.KeyVault;

/// <summary>A <see cref="TokenCredential"/> that always returns the same fake token and records what was asked for.</summary>
public sealed class StaticTokenCredential(string token = StaticTokenCredential.DefaultToken) : TokenCredential
{
    public const string DefaultToken = "test-token";

    private readonly ConcurrentQueue<TokenRequestContext> requests = new();

    public string Token { get; } = token;

    /// <summary>Every token request, in order (scopes, tenant id from the challenge, claims).</summary>
    public IReadOnlyList<TokenRequestContext> Requests => [.. this.requests];

    /// <summary>Every scope requested, flattened.</summary>
    public IReadOnlyList<string> RequestedScopes => [.. this.requests.SelectMany(r => r.Scopes)];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        this.requests.Enqueue(requestContext);
        return new AccessToken(this.Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(this.GetToken(requestContext, cancellationToken));
}
