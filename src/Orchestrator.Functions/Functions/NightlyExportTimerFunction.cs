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
/// for yesterday (UTC) and the configured attribute imports. Runs that already exist are skipped, so a repeated or
/// late firing is harmless.
/// </summary>
public sealed class NightlyExportTimerFunction(
    IOptions<NightlyOptions> options, IOptions<ImportOptions> imports, TimeProvider timeProvider, ILogger<NightlyExportTimerFunction> logger)
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

        // Attribute imports pick up whatever the customers dropped in their buckets by tonight.
        var today = period.AddDays(1);
        await NightlyImports.StartAsync(client, options.Value.Imports, imports.Value.DefaultPrefix, today, cancellationToken);
    }
}
