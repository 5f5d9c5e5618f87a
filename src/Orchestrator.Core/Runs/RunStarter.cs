using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>
/// Starts runs idempotently (HTTP starters, CLI, backfill, retry and timers all come through here). A run that is still
/// going is returned instead of starting a duplicate. Whether a finished run is redone is decided by its run record
/// (<see cref="RunReuse"/>), on every backend: a success is not redone unless forced, a failure is run again. Runs
/// without a record (nights) fall back to the durable instance: a finished one is started again only when forced. The
/// start itself uses dedupe statuses so two racing requests cannot both start it.
/// </summary>
public sealed class RunStarter(IRunStore runs)
{
    /// <summary>Starts the recorded run <paramref name="instanceId"/> of <paramref name="tenantId"/> unless it runs or its record says it is done.</summary>
    public async Task<RunStartOutcome> StartAsync(
        DurableTaskClient client, string orchestratorName, string tenantId, string instanceId, object input, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        var record = await runs.GetAsync(tenantId, instanceId, cancellationToken);
        if (existing is { IsCompleted: false } || (!force && RunReuse.IsDone(record)))
        {
            return new RunStartOutcome(instanceId, RunStartStatus.Existing, existing, record);
        }

        return await StartNewAsync(client, orchestratorName, instanceId, input, existing, cancellationToken);
    }

    /// <summary>Starts a run that keeps no run record (a night): an existing instance is the answer unless finished and <paramref name="force"/>d.</summary>
    public static async Task<RunStartOutcome> StartUnrecordedAsync(
        DurableTaskClient client, string orchestratorName, string instanceId, object input, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null && (!existing.IsCompleted || !force))
        {
            return new RunStartOutcome(instanceId, RunStartStatus.Existing, existing);
        }

        return await StartNewAsync(client, orchestratorName, instanceId, input, existing, cancellationToken);
    }

    private static async Task<RunStartOutcome> StartNewAsync(
        DurableTaskClient client, string orchestratorName, string instanceId, object input, OrchestrationMetadata? finished, CancellationToken cancellationToken)
    {
        if (finished is not null)
        {
            // A rerun of a finished run: same instance id, same output keys (overwritten).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                orchestratorName,
                input,
                new StartOrchestrationOptions(instanceId).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lost a race with an identical request: theirs is the run. Anything else is rethrown.
            var winner = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new RunStartOutcome(instanceId, RunStartStatus.Existing, winner);
        }

        return new RunStartOutcome(instanceId, RunStartStatus.Started, await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken));
    }
}
