using Orchestrator.Logging;

namespace Orchestrator.Destinations.Models;

/// <summary>Which destination a run reads, once, at its start (input of <see cref="Activities.ReadDestinationActivity"/>).</summary>
public sealed record DestinationReference(string TenantId, string DestinationId) : IDestinationScoped;
