namespace Orchestrator.Options;

/// <summary>Configuration section <c>Secrets</c>: where destination secrets live.</summary>
public sealed class SecretStoreOptions
{
    public const string SectionName = "Secrets";

    /// <summary>Key Vault URI. When set, secrets are read from Key Vault with the configured token credential.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Local runner only: a JSON file of <c>{"name": "value"}</c> pairs, used when no Key Vault is configured.</summary>
    public string? LocalFile { get; set; }

    /// <summary>How long a resolved secret is reused before it is read again.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(15);
}
