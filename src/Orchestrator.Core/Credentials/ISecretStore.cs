namespace Orchestrator.Credentials;

/// <summary>Where destination secrets live (Key Vault in Azure). Values never leave the activity that asked.</summary>
public interface ISecretStore
{
    /// <summary>Reads a secret: <paramref name="version"/> when given (the one the registry recorded), else the latest.</summary>
    /// <exception cref="SecretNotFoundException">No secret of that name.</exception>
    Task<string> GetSecretAsync(string name, string? version, CancellationToken cancellationToken);

    /// <summary>Creates or rotates a secret; returns its version.</summary>
    Task<string> SetSecretAsync(string name, string value, CancellationToken cancellationToken);

    Task DeleteSecretAsync(string name, CancellationToken cancellationToken);
}
