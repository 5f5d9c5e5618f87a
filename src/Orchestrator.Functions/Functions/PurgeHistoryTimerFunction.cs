using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Orchestrator.Operations;

namespace Orchestrator.Functions.Functions;

/// <summary>
/// Daily (app setting <c>PURGE_SCHEDULE</c>, NCRONTAB in UTC) purges the durable history of finished runs older
/// than <c>Operations:HistoryRetentionDays</c>. Run records in the Runs table are kept.
/// </summary>
public sealed class PurgeHistoryTimerFunction(RunOperations operations, IOptions<OperationsOptions> options)
{
    [Function(nameof(PurgeHistoryTimerFunction))]
    public async Task RunAsync(
        [TimerTrigger("%PURGE_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await operations.PurgeOlderThanAsync(client, options.Value.HistoryRetentionDays, cancellationToken);
    }
}
