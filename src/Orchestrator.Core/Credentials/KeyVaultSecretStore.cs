using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Orchestrator.Credentials;

/// <summary>Secrets in Azure Key Vault through <see cref="SecretClient"/> (managed identity in Azure).</summary>
public sealed class KeyVaultSecretStore(SecretClient client) : ISecretStore
{
    public async Task<string> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret secret = await client.GetSecretAsync(name, cancellationToken: cancellationToken);
            return secret.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new SecretNotFoundException($"Secret '{name}' does not exist in Key Vault.", ex);
        }
    }

    public async Task<string> SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret = await client.SetSecretAsync(name, value, cancellationToken);
        return secret.Properties.Version;
    }

    public async Task DeleteSecretAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.StartDeleteSecretAsync(name, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: deleting is idempotent.
        }
    }
}
