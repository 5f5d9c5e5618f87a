using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Orchestrator.Credentials;

/// <summary>Secrets in Azure Key Vault through <see cref="SecretClient"/> (managed identity in Azure).</summary>
public sealed class KeyVaultSecretStore(SecretClient client) : ISecretStore
{
    public async Task<string> GetSecretAsync(string name, string? version, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret secret = await client.GetSecretAsync(name, version, cancellationToken);
            return secret.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new SecretNotFoundException($"Secret '{name}' does not exist in Key Vault.", ex);
        }
        catch (RequestFailedException ex) when (IsForbidden(ex))
        {
            throw AccessDenied("read", name, "Key Vault Secrets User", ex);
        }
    }

    public async Task<string> SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret secret = await client.SetSecretAsync(name, value, cancellationToken);
            return secret.Properties.Version;
        }
        catch (RequestFailedException ex) when (IsForbidden(ex))
        {
            throw AccessDenied("write", name, "Key Vault Secrets Officer", ex);
        }
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
        catch (RequestFailedException ex) when (IsForbidden(ex))
        {
            throw AccessDenied("delete", name, "Key Vault Secrets Officer", ex);
        }
    }

    private static bool IsForbidden(RequestFailedException ex) =>
        ex.Status == 403 || string.Equals(ex.ErrorCode, "Forbidden", StringComparison.Ordinal);

    private static SecretAccessDeniedException AccessDenied(string operation, string name, string role, RequestFailedException ex) =>
        new($"Key Vault denied the {operation} of secret '{name}': our identity lacks Key Vault secret permissions (it needs the {role} role on the vault; role assignments can take a few minutes to apply).", ex);
}
