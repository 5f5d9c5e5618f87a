using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;

namespace Orchestrator.Exports;

/// <summary>
/// Starts export runs idempotently (HTTP starter, CLI and nightly timer all come through here): the instance id is
/// derived from the business key, an existing run is returned instead of starting a duplicate, and a finished run
/// is started again only when forced.
/// </summary>
public static class ExportRunStarter
{
    public static async Task<ExportStartOutcome> StartAsync(DurableTaskClient client, ExportRequest request, bool force, CancellationToken cancellationToken)
    {
        string instanceId = ExportNaming.InstanceId(request);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            if (!existing.IsCompleted || !force)
            {
                return new ExportStartOutcome(instanceId, Started: false, existing);
            }

            // An explicit rerun of a finished run: same instance id, same object keys (overwritten).
            await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ExportOrchestrator),
                request,
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

            return new ExportStartOutcome(instanceId, Started: false, winner);
        }

        return new ExportStartOutcome(instanceId, Started: true, await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken));
    }
}
