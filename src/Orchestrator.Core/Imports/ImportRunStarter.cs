using Microsoft.DurableTask.Client;
using Orchestrator.Destinations;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Runs;

namespace Orchestrator.Imports;

/// <summary>
/// Starts import runs under the id derived from tenant, destination, day and prefix. The door is checked first: a
/// destination that does not exist for the tenant starts nothing and records nothing.
/// </summary>
public sealed class ImportRunStarter(RunStarter starter, IDestinationStore destinations)
{
    public async Task<RunStartOutcome> StartAsync(DurableTaskClient client, ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string id = ImportNaming.InstanceId(request);
        if (await destinations.GetAsync(request.TenantId, request.DestinationId, cancellationToken) is null)
        {
            return new RunStartOutcome(id, RunStartStatus.DestinationNotFound, null);
        }

        return await starter.StartAsync(client, nameof(ImportOrchestrator), request.TenantId, id, request, request.Force, cancellationToken);
    }
}
