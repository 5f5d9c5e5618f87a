using Microsoft.DurableTask.Client;
using Orchestrator.Runs;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;

namespace Orchestrator.Imports;

/// <summary>Starts import runs idempotently, under the id derived from tenant, destination, day and prefix.</summary>
public static class ImportRunStarter
{
    public static Task<RunStartOutcome> StartAsync(DurableTaskClient client, ImportRequest request, CancellationToken cancellationToken) =>
        RunStarter.StartAsync(client, nameof(ImportOrchestrator), ImportNaming.InstanceId(request), request, request.Force, cancellationToken);
}
