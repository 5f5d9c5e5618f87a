using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Destinations;

/// <summary>Names of destination secrets in Key Vault (letters, digits and '-', at most 127 characters).</summary>
public static class DestinationSecrets
{
    /// <summary><c>dest-{tenant}-{destination}-{hash}</c>: readable, and unique even where sanitising collides.</summary>
    public static string SecretName(string tenantId, string destinationId)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\n" + destinationId)))[..8];
        string readable = $"dest-{tenantId}-{destinationId}".Replace('_', '-');
        return (readable.Length > 100 ? readable[..100] : readable) + "-" + hash;
    }
}
