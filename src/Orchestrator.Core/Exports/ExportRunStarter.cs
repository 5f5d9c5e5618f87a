using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Runs;

namespace Orchestrator.Exports;

/// <summary>Starts export runs idempotently, under the id derived from tenant, destination, report and day.</summary>
public static class ExportRunStarter
{
    public static Task<RunStartOutcome> StartAsync(DurableTaskClient client, ExportRequest request, bool force, CancellationToken cancellationToken) =>
        RunStarter.StartAsync(client, nameof(ExportOrchestrator), ExportNaming.InstanceId(request), request, force, cancellationToken);
}
