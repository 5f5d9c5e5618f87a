using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A radosgw with SSE-KMS (its <c>testing</c> KMS backend, keys in ceph.conf) serving HTTPS only with a certificate of
/// the tests' own CA, so radosgw's default "SSE needs TLS" stays on, and its own Azurite. The runner and the clients
/// trust the CA through <c>S3:CaCertificate</c>, the product's path (docs/enterprise-buckets.md). The shared servers
/// stay plain HTTP. The key ids are AWS key ARNs, so destinations name them exactly as they would name a real key.
/// </summary>
public sealed class KmsServersFixture : IAsyncLifetime
{
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    public const string OtherKeyArn = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000";

    private static readonly string TlsFolder = Path.Combine(Path.GetTempPath(), "orchestrator-it-" + Environment.ProcessId + "-kms-tls");

    public KmsServersFixture()
    {
        WriteCertificates(TlsFolder);
        this.Servers = new ServersFixture(
            new Dictionary<string, string>
            {
                ["RGW_KMS_TEST_KEYS"] = $"{KeyArn}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))} {OtherKeyArn}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                ["RGW_TLS_CERT"] = Path.Combine(TlsFolder, "rgw.pem"),
                ["RGW_TLS_KEY"] = Path.Combine(TlsFolder, "rgw.key"),
            },
            "kms",
            Path.Combine(TlsFolder, "ca.pem"));
    }

    public ServersFixture Servers { get; }

    public Task InitializeAsync() => this.Servers.InitializeAsync();

    public async Task DisposeAsync()
    {
        await this.Servers.DisposeAsync();
        try
        {
            Directory.Delete(TlsFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is in the temp directory.
        }
    }

    /// <summary>
    /// A CA (ca.pem) and radosgw's certificate for 127.0.0.1 signed by it (rgw.pem, rgw.key): what RGW_TLS_CERT /
    /// RGW_TLS_KEY of rgw-up.sh and S3:CaCertificate take.
    /// </summary>
    internal static void WriteCertificates(string folder)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=orchestrator-tests-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "rgw.pem"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "rgw.key"), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
