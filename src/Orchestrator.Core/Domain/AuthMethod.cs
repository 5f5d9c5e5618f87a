namespace Orchestrator.Domain;

/// <summary>How the customer lets us into their bucket.</summary>
public enum AuthMethod
{
    /// <summary>An access key id plus a secret key kept in the secret store (Key Vault in Azure).</summary>
    AccessKey = 0,

    /// <summary>An IAM role in the customer's account that we assume with STS AssumeRole.</summary>
    AssumeRole = 1,
}
