using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>
/// Starts runs idempotently (HTTP starters, CLI and timers all come through here): an existing instance with the
/// business-key id is returned instead of starting a duplicate, a finished one is started again only when forced,
/// and the start itself uses dedupe statuses so two racing requests cannot both start it.
/// </summary>
public static class RunStarter
{
    public static async Task<RunStartOutcome> StartAsync(
        DurableTaskClient client, string orchestratorName, string instanceId, object input, bool force, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            if (!existing.IsCompleted || !force)
            {
                return new RunStartOutcome(instanceId, Started: false, existing);
            }

            // An explicit rerun of a finished run: same instance id, same output keys (overwritten).
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
            var winner = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new RunStartOutcome(instanceId, Started: false, winner);
        }

        return new RunStartOutcome(instanceId, Started: true, await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken));
    }
}
