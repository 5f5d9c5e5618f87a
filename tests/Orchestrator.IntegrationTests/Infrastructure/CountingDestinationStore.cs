using Orchestrator.Destinations;
using Orchestrator.Domain;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>The real destination store, counting how often each destination's row is read (GetAsync and GetStoredAsync).</summary>
public sealed class CountingDestinationStore(IDestinationStore inner) : IDestinationStore
{
    private readonly Dictionary<(string TenantId, string DestinationId), int> reads = [];

    /// <summary>The real store underneath: changes made through it are not counted.</summary>
    public IDestinationStore Inner => inner;

    public int ReadsOf(string tenantId, string destinationId)
    {
        lock (this.reads)
        {
            return this.reads.GetValueOrDefault((tenantId, destinationId));
        }
    }

    public Task<Destination?> GetAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        this.Count(tenantId, destinationId);
        return inner.GetAsync(tenantId, destinationId, cancellationToken);
    }

    public Task<StoredDestination?> GetStoredAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        this.Count(tenantId, destinationId);
        return inner.GetStoredAsync(tenantId, destinationId, cancellationToken);
    }

    public Task<IReadOnlyList<StoredDestination>> ListAsync(string tenantId, CancellationToken cancellationToken) => inner.ListAsync(tenantId, cancellationToken);

    public Task<string> CreateAsync(Destination destination, CancellationToken cancellationToken) => inner.CreateAsync(destination, cancellationToken);

    public Task<string> ReplaceAsync(Destination destination, string ifMatch, CancellationToken cancellationToken) => inner.ReplaceAsync(destination, ifMatch, cancellationToken);

    public Task<(IReadOnlyList<Destination> Page, string? ContinuationToken)> ListScheduledAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken) =>
        inner.ListScheduledAsync(continuationToken, pageSize, cancellationToken);

    public Task DeleteAsync(string tenantId, string destinationId, CancellationToken cancellationToken) => inner.DeleteAsync(tenantId, destinationId, cancellationToken);

    private void Count(string tenantId, string destinationId)
    {
        lock (this.reads)
        {
            this.reads[(tenantId, destinationId)] = this.reads.GetValueOrDefault((tenantId, destinationId)) + 1;
        }
    }
}
