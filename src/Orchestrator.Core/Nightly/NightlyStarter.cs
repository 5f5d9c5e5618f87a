using Microsoft.DurableTask.Client;
using Orchestrator.Nightly.Models;
using Orchestrator.Options;
using Orchestrator.Runs;

namespace Orchestrator.Nightly;

/// <summary>
/// Starts the night's scheduler under <c>nightly:{day}</c>. The timer never restarts a night that exists (a second
/// firing starts nothing); an operator may <paramref name="restart"/> a finished night, which skips runs that already
/// succeeded unless <paramref name="forceRuns"/> reruns them too.
/// </summary>
public static class NightlyStarter
{
    public static Task<RunStartOutcome> StartAsync(
        DurableTaskClient client, NightlyOptions options, DateOnly day, bool restart, bool forceRuns, CancellationToken cancellationToken) =>
        RunStarter.StartUnrecordedAsync(
            client,
            nameof(NightlySchedulerOrchestrator),
            NightlySchedulerOrchestrator.InstanceId(day),
            new NightlyInput(day, options.MaxConcurrentRuns, options.PageSize, null, NightSummary.Empty(day), forceRuns),
            restart,
            cancellationToken);
}
