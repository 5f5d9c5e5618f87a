using Orchestrator.Logging;

namespace Orchestrator.Validation.Models;

/// <summary>Input of <see cref="Orchestrations.ValidateDestinationOrchestrator"/>: references only.</summary>
public sealed record DestinationValidationRequest(string TenantId, string DestinationId) : IDestinationScoped;
