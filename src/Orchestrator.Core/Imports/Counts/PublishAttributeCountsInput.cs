namespace Orchestrator.Imports.Counts;

/// <summary>Publishes a finished count as the tenant's served snapshot.</summary>
public sealed record PublishAttributeCountsInput(string TenantId, string CountId, DateTime AsOf, long Users, IReadOnlyList<string> Attributes);
