using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Security;

namespace Orchestrator.UnitTests.Security;

public sealed class PrivateRootTrustTests
{
    [Fact]
    public void IsTrusted_ChainErrorOnlyAndSignedByTheRoot_IsAccepted()
    {
        using var root = Ca("CN=root");
        using var leaf = Leaf(root);
        Assert.True(PrivateRootTrust.IsTrusted(root, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void IsTrusted_SignedByAnotherCa_IsRefused()
    {
        using var root = Ca("CN=root");
        using var other = Ca("CN=other");
        using var leaf = Leaf(other);
        Assert.False(PrivateRootTrust.IsTrusted(root, leaf, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void IsTrusted_NameMismatch_IsRefusedEvenWhenTheRootSignedIt()
    {
        using var root = Ca("CN=root");
        using var leaf = Leaf(root);
        Assert.False(PrivateRootTrust.IsTrusted(root, leaf, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(PrivateRootTrust.IsTrusted(root, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void IsTrusted_WhatThePlatformAccepted_StaysAccepted()
    {
        using var root = Ca("CN=root");
        using var other = Ca("CN=other");
        using var leaf = Leaf(other);
        Assert.True(PrivateRootTrust.IsTrusted(root, leaf, SslPolicyErrors.None));
    }

    private static X509Certificate2 Ca(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Leaf(X509Certificate2 issuer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(12));
    }
}
