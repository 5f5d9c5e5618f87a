using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>The encryption tests share one SSE-KMS radosgw (<see cref="KmsServersFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class KmsServersCollection : ICollectionFixture<KmsServersFixture>
{
    public const string Name = "kms-servers";
}
