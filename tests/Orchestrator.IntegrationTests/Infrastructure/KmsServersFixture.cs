using System.Security.Cryptography;
using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A radosgw with SSE-KMS (its <c>testing</c> KMS backend, keys in ceph.conf, without TLS: see
/// docs/enterprise-buckets.md) and its own Azurite, for the encryption tests; the shared servers stay plain.
/// The key ids are AWS key ARNs, so destinations name them exactly as they would name a real key.
/// </summary>
public sealed class KmsServersFixture : IAsyncLifetime
{
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    public const string OtherKeyArn = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000";

    public ServersFixture Servers { get; } = new(
        new Dictionary<string, string>
        {
            ["RGW_KMS_TEST_KEYS"] = $"{KeyArn}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))} {OtherKeyArn}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        },
        "kms");

    public Task InitializeAsync() => this.Servers.InitializeAsync();

    public Task DisposeAsync() => this.Servers.DisposeAsync();
}
