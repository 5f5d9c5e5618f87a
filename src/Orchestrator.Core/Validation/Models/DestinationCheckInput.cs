using Orchestrator.Logging;

namespace Orchestrator.Validation.Models;

/// <summary>Which check to run against which destination; the probe key derives from the run id.</summary>
public sealed record DestinationCheckInput(string TenantId, string DestinationId, string Check, string RunId) : IDestinationScoped;
