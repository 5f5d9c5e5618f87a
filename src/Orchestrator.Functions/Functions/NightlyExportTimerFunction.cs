using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Functions.Logging;
using Orchestrator.Nightly;
using Orchestrator.Options;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// Every night (app setting <c>NIGHTLY_SCHEDULE</c>, an NCRONTAB expression in UTC) starts the nightly scheduler for
/// yesterday (UTC) under the id <c>nightly:{day}</c>: a timer that fires twice, or a host restart, starts nothing new.
/// </summary>
public sealed class NightlyExportTimerFunction(
    IOptions<NightlyOptions> options, TimeProvider timeProvider, ILogger<NightlyExportTimerFunction> logger)
{
    [Function(nameof(NightlyExportTimerFunction))]
    public async Task RunAsync(
        [TimerTrigger("%NIGHTLY_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            Log.NightlyPastDue(logger);
        }

        var day = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(-1);
        var outcome = await NightlyStarter.StartAsync(client, options.Value, day, restart: false, forceRuns: false, cancellationToken);
        Log.NightlyStarted(logger, day, outcome.InstanceId, outcome.Started);
    }
}
