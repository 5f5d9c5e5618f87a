namespace Orchestrator.Imports.Counts;

/// <summary>Input of <see cref="AttributeCountOrchestrator"/>: count the tenant's users per attribute value.</summary>
public sealed record AttributeCountRequest(string TenantId);
