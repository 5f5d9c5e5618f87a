using System.Security.Cryptography.X509Certificates;
using Orchestrator.Runner.Security;

namespace Orchestrator.IntegrationTests.Infrastructure.KeyVault;

/// <summary>The throw-away TLS certificate of a test HTTPS server on 127.0.0.1 (the runner's own, valid for a day).</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 CreateForLoopback(string subject = "CN=orchestrator-test-keyvault") =>
        LoopbackCertificate.Create(subject, TimeSpan.FromDays(1));
}
