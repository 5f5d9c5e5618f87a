using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>The previous run's objects of the day and the keys this run wrote: the former minus the latter are stale.</summary>
public sealed record StaleFilesInput(ExportRequest Request, Destination Destination, IReadOnlyList<WrittenObject> Previous, IReadOnlyList<string> Written) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
