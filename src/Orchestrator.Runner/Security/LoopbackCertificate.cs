using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Runner.Security;

/// <summary>
/// The throw-away TLS certificate of an HTTPS server on 127.0.0.1: the local issuer's (self-signed, trusted by exact
/// match through Auth:MetadataCaCertificate) and the test responders' (Key Vault, OIDC).
/// </summary>
internal static class LoopbackCertificate
{
    /// <summary>RSA 2048, SAN IP 127.0.0.1 and DNS localhost, server auth, valid for <paramref name="validity"/> (default 30 days).</summary>
    public static X509Certificate2 Create(string subject = "CN=orchestrator-local-issuer", TimeSpan? validity = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now + (validity ?? TimeSpan.FromDays(30)));

        // The key of CreateSelfSigned is ephemeral; a PFX round trip gives a certificate whose private key TLS can use.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null, X509KeyStorageFlags.Exportable);
    }
}
