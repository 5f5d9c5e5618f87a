using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Functions.Logging;
using Orchestrator.Nightly;
using Orchestrator.Options;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// Every night (app setting <c>NIGHTLY_SCHEDULE</c>, an NCRONTAB expression in UTC) starts the configured exports
/// for yesterday (UTC). Runs that already exist are skipped, so a repeated or late firing is harmless.
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

        var exports = options.Value.Exports;
        var period = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(-1);
        Log.NightlyStarting(logger, period, exports.Count);
        var started = await NightlyExports.StartAsync(client, exports, period, cancellationToken);
        Log.NightlyStarted(logger, period, started.Count, exports.Count - started.Count);
    }
}
