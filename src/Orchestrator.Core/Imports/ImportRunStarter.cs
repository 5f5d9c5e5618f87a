using Microsoft.DurableTask.Client;
using Orchestrator.Destinations;
using Orchestrator.Imports.Counts;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Runs;

namespace Orchestrator.Imports;

/// <summary>
/// Starts import runs under the id derived from tenant, destination, day and prefix. The door is checked first: a
/// destination that does not exist for the tenant starts nothing and records nothing. Each run is registered with the
/// tenant's counts keeper (<see cref="AttributeCountStarter"/>), which counts after the runs end; no run waits for it.
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

        // The tenant's counts keeper learns of the run before it can end, and counts once it (and the others) ended.
        await AttributeCountStarter.RegisterImportAsync(client, request.TenantId, id, cancellationToken);
        RunStartOutcome outcome;
        try
        {
            outcome = await starter.StartAsync(client, nameof(ImportOrchestrator), request.TenantId, id, request, request.Force, cancellationToken);
        }
        catch (Exception)
        {
            await AttributeCountStarter.UnregisterImportAsync(client, request.TenantId, id, CancellationToken.None);
            throw;
        }

        if (!outcome.Started && outcome.Metadata is not { IsCompleted: false })
        {
            // Nothing new runs (a finished run was answered): the keeper must not wait for it.
            await AttributeCountStarter.UnregisterImportAsync(client, request.TenantId, id, cancellationToken);
        }

        return outcome;
    }
}
