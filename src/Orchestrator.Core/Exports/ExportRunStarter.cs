using Microsoft.DurableTask.Client;
using Orchestrator.Destinations;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Runs;

namespace Orchestrator.Exports;

/// <summary>
/// Starts export runs under the id derived from tenant, destination, report and day. The door is checked first: a
/// destination that does not exist for the tenant starts nothing and records nothing.
/// </summary>
public sealed class ExportRunStarter(RunStarter starter, IDestinationStore destinations)
{
    public async Task<RunStartOutcome> StartAsync(DurableTaskClient client, ExportRequest request, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string id = ExportNaming.InstanceId(request);
        if (await destinations.GetAsync(request.TenantId, request.DestinationId, cancellationToken) is null)
        {
            return new RunStartOutcome(id, RunStartStatus.DestinationNotFound, null);
        }

        return await starter.StartAsync(client, nameof(ExportOrchestrator), request.TenantId, id, request, force, cancellationToken);
    }
}
