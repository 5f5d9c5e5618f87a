using Orchestrator.Logging;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Publishes a finished count as the tenant's served snapshot; it covers every change marked up to
/// <paramref name="Generation"/> (read before the scan began).
/// </summary>
public sealed record PublishAttributeCountsInput(string TenantId, string CountId, DateTime AsOf, long Users, IReadOnlyList<string> Attributes, long Generation)
    : ITenantScoped;
