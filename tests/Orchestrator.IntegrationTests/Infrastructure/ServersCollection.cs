using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Every integration test shares one set of servers.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
