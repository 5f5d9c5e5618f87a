using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>The destination registry, partitioned by tenant.</summary>
public interface IDestinationStore
{
    /// <summary>The destination, or null when the tenant has no destination of that id.</summary>
    Task<Destination?> GetAsync(string tenantId, string destinationId, CancellationToken cancellationToken);

    Task UpsertAsync(Destination destination, CancellationToken cancellationToken);

    Task DeleteAsync(string tenantId, string destinationId, CancellationToken cancellationToken);
}
