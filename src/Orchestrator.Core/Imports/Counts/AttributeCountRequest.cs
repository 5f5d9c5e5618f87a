using Orchestrator.Logging;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Input of <see cref="AttributeCountOrchestrator"/>, the tenant's one counts keeper: <paramref name="Pending"/> are the
/// import runs it waits for (registered by the import starter, removed by each run's end signal).
/// </summary>
public sealed record AttributeCountRequest(string TenantId, IReadOnlyList<string> Pending) : ITenantScoped;
