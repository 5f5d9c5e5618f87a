using Microsoft.DurableTask.Client;
using Orchestrator.Runs;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// Starts or signals the tenant's counts keeper (<see cref="AttributeCountOrchestrator"/>, one instance per tenant) where a
/// client exists: the import starter registers each import run before starting it, the recount route and CLI mark the
/// counts dirty and wake it. Host-neutral: both hosts come through here.
/// </summary>
public sealed class AttributeCountStarter(IAttributeCountStore counts, TimeProvider time)
{
    /// <summary>Tells the keeper to wait for the import run <paramref name="runId"/> (started if it is not running).</summary>
    public static Task<RunStartOutcome> RegisterImportAsync(DurableTaskClient client, string tenantId, string runId, CancellationToken cancellationToken) =>
        EnsureAsync(client, tenantId, new AttributeCountSignal(AttributeCountSignal.Started, runId), cancellationToken);

    /// <summary>Tells the keeper that the registered run <paramref name="runId"/> will not run after all (it existed already).</summary>
    public static async Task UnregisterImportAsync(DurableTaskClient client, string tenantId, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var keeper = await client.GetInstanceAsync(AttributeCountOrchestrator.InstanceId(tenantId), cancellationToken);
        if (keeper is { IsRunning: true } or { RuntimeStatus: OrchestrationRuntimeStatus.Pending })
        {
            await client.RaiseEventAsync(keeper.InstanceId, AttributeCountSignal.EventName, new AttributeCountSignal(AttributeCountSignal.Ended, runId), cancellationToken);
        }
    }

    /// <summary>A fresh count: marks the tenant's counts dirty, then starts or wakes the keeper. Returns its instance.</summary>
    public async Task<RunStartOutcome> RecountAsync(DurableTaskClient client, string tenantId, CancellationToken cancellationToken)
    {
        await counts.MarkDirtyAsync(tenantId, time.GetUtcNow().UtcDateTime, cancellationToken);
        return await EnsureAsync(client, tenantId, new AttributeCountSignal(AttributeCountSignal.Recount, null), cancellationToken);
    }

    private static async Task<RunStartOutcome> EnsureAsync(DurableTaskClient client, string tenantId, AttributeCountSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string id = AttributeCountOrchestrator.InstanceId(tenantId);
        IReadOnlyList<string> pending = signal.Kind == AttributeCountSignal.Started ? [signal.RunId!] : [];
        var outcome = await RunStarter.StartUnrecordedAsync(client, nameof(AttributeCountOrchestrator), id, new AttributeCountRequest(tenantId, pending), force: true, cancellationToken);
        if (!outcome.Started)
        {
            // Running already: the signal goes to it (a keeper that finished in between was restarted above).
            await client.RaiseEventAsync(id, AttributeCountSignal.EventName, signal, cancellationToken);
        }

        return outcome;
    }
}
