using DurableTask.Core;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.Runner.Hosting;

/// <summary>Creates the task hub (queues, tables) before the sidecar starts dispatching; idempotent.</summary>
internal sealed class BackendInitializer(IOrchestrationService service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => service.CreateIfNotExistsAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
