using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of <see cref="Orchestrations.ExportOrchestrator"/>: references only, never data or secrets.</summary>
public sealed record ExportRequest(string TenantId, string DestinationId, string Report, DateOnly Period) : IDestinationScoped;
