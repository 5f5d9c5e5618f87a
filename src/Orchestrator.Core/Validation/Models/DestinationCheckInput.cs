using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Validation.Models;

/// <summary>Which check to run against the connection test's destination snapshot; the probe key derives from the run id.</summary>
public sealed record DestinationCheckInput(Destination Destination, string Check, string RunId) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Destination.TenantId;

    string IDestinationScoped.DestinationId => this.Destination.DestinationId;
}
