using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>The destination registry, partitioned by tenant: a tenant only ever reads its own partition.</summary>
public interface IDestinationStore
{
    /// <summary>The destination, or null when the tenant has no destination of that id.</summary>
    Task<Destination?> GetAsync(string tenantId, string destinationId, CancellationToken cancellationToken);

    Task<StoredDestination?> GetStoredAsync(string tenantId, string destinationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDestination>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Adds a new destination; returns its ETag.</summary>
    /// <exception cref="DestinationConflictException">The id is taken.</exception>
    Task<string> CreateAsync(Destination destination, CancellationToken cancellationToken);

    /// <summary>Replaces a destination if its stored ETag still equals <paramref name="ifMatch"/>; returns the new ETag.</summary>
    /// <exception cref="DestinationConflictException">The ETag no longer matches (someone else changed it).</exception>
    Task<string> ReplaceAsync(Destination destination, string ifMatch, CancellationToken cancellationToken);

    /// <summary>One page of destinations (all tenants) whose nightly schedule is enabled.</summary>
    Task<(IReadOnlyList<Destination> Page, string? ContinuationToken)> ListScheduledAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken);

    Task DeleteAsync(string tenantId, string destinationId, CancellationToken cancellationToken);
}
