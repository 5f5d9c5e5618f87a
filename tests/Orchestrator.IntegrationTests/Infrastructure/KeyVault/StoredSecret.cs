namespace Orchestrator.IntegrationTests.Infrastructure.KeyVault;

/// <summary>One version of a secret held in memory by the <see cref="KeyVaultResponder"/>.</summary>
public sealed record StoredSecret(
    string Name,
    string Version,
    string Value,
    string? ContentType,
    bool Enabled,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Tags);
