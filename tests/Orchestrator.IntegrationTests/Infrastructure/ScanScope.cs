namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// What <see cref="SecretScan"/> reads of a shared storage account: the task hub's own tables, blob containers and
/// queues (durable history, large messages, work items; names start with the hub) and, when <paramref name="Tenant"/>
/// is set, that tenant's partition of every other table (runs, destinations, attributes, ledger, rejects).
/// </summary>
public sealed record ScanScope(string TaskHub, string? Tenant);
