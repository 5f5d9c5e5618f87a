using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Retention.Models;

/// <summary>Input of the retention step at the end of an export: the run's destination snapshot and the orchestration's time.</summary>
public sealed record RetentionInput(Destination Destination, string RunId, DateTimeOffset Now) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Destination.TenantId;

    string IDestinationScoped.DestinationId => this.Destination.DestinationId;
}
