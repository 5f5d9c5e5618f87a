using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Security;

/// <summary>
/// TLS trust in one private root certificate besides the machine's roots: for servers whose certificate a private CA
/// signed (the local issuer, an S3-compatible server on premises, the tests' radosgw). The host name is always checked;
/// only a chain error may be cured, and only by a chain that ends in that root.
/// </summary>
public static class PrivateRootTrust
{
    /// <summary>Loads the root (PEM or DER) from <paramref name="path"/>.</summary>
    public static X509Certificate2 Load(string path) => X509CertificateLoader.LoadCertificateFromFile(path);

    /// <summary>Whether a file holds a certificate <see cref="Load"/> can read (for options validation at start).</summary>
    public static bool IsReadable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var root = Load(path);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>An HTTP handler whose server certificate check also accepts chains ending in <paramref name="root"/>.</summary>
    public static HttpClientHandler Handler(X509Certificate2 root) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => IsTrusted(root, certificate, errors),
    };

    /// <summary>
    /// The check itself: accepted when the platform accepted it, or when the only error is the chain and a chain to
    /// <paramref name="root"/> (revocation not checked: private CAs rarely publish lists) can be built.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 root, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
