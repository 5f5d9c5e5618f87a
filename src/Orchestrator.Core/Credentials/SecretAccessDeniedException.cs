namespace Orchestrator.Credentials;

/// <summary>
/// Key Vault refused a secret operation (403): our identity lacks secret permissions on the vault, i.e. a role
/// assignment (Key Vault Secrets User to read, Key Vault Secrets Officer to write or delete) is missing or has not
/// propagated yet. An operator problem, not the customer's.
/// </summary>
public sealed class SecretAccessDeniedException : Exception
{
    private const string DefaultMessage =
        "Our identity lacks Key Vault secret permissions: assign it the Key Vault Secrets User role (read) or Key Vault Secrets Officer role (write and delete) on the vault.";

    public SecretAccessDeniedException()
        : base(DefaultMessage)
    {
    }

    public SecretAccessDeniedException(string message)
        : base(message)
    {
    }

    public SecretAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
