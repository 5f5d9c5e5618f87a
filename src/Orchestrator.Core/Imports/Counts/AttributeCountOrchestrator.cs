using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Imports.Counts;

/// <summary>
/// The tenant's one counts keeper (instance <c>counts-{tenant}</c>, see <see cref="AttributeCountStarter"/>). While the
/// tenant's counts are dirty (an import stored rows, a recount was asked for) it computes a snapshot: one
/// <see cref="CountAttributeShardActivity"/> per shard (and one for the legacy partition), all at once, then
/// <see cref="PublishAttributeCountsActivity"/> serves it with its as-of time, covering the dirty generation read before
/// the scan. A generation that moved during the scan is counted again, so N imports ending together cost about two
/// scans, never N. While import runs it was told about are pending it waits for their end signals
/// (<see cref="AttributeCountSignal"/>); with nothing pending and nothing dirty it completes. No import waits for it.
/// </summary>
public sealed class AttributeCountOrchestrator : TaskOrchestrator<AttributeCountRequest, string?>
{
    /// <summary>The instance id prefix of the tenant's counts keeper.</summary>
    public const string InstancePrefix = "counts-";

    /// <summary>Signals handled in one execution before ContinueAsNew trims the history.</summary>
    private const int SignalsPerExecution = 100;

    /// <summary>How long it waits for a pending import's end signal before it stops waiting (a run terminated from outside never sends one).</summary>
    private static readonly TimeSpan PendingTimeout = TimeSpan.FromHours(24);

    public override async Task<string?> RunAsync(TaskOrchestrationContext context, AttributeCountRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<AttributeCountOrchestrator>();
        var options = RunRetryPolicies.ForImports;
        var pending = new HashSet<string>(input.Pending, StringComparer.Ordinal);
        string? published = null;
        for (int signals = 0; signals < SignalsPerExecution; signals++)
        {
            var state = await context.CallActivityAsync<AttributeCountState>(nameof(ReadAttributeCountStateActivity), input, options);
            if (state.Stale)
            {
                try
                {
                    published = await CountAsync(state);
                }
                catch (TaskFailedException ex)
                {
                    // The previous snapshot stays (served as stale); the next import's end or a recount tries again.
                    Log.AttributeCountsFailed(logger, ex.Message);
                    return published;
                }

                continue; // Re-read: a generation raised during the scan is counted again.
            }

            if (pending.Count == 0)
            {
                return published;
            }

            AttributeCountSignal signal;
            try
            {
                signal = await context.WaitForExternalEvent<AttributeCountSignal>(AttributeCountSignal.EventName, PendingTimeout);
            }
            catch (TaskCanceledException)
            {
                Log.AttributeCountsStoppedWaiting(logger, pending.Count);
                return published;
            }

            if (signal.RunId is { } run)
            {
                _ = signal.Kind == AttributeCountSignal.Started ? pending.Add(run) : pending.Remove(run);
            }
        }

        // History stays bounded: start over with what is still pending (signals not yet read are kept).
        context.ContinueAsNew(input with { Pending = [.. pending.Order(StringComparer.Ordinal)] }, preserveUnprocessedEvents: true);
        return published;

        async Task<string> CountAsync(AttributeCountState state)
        {
            DateTime asOf = context.CurrentUtcDateTime;
            string countId = asOf.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);

            // Shards 0..n-1, and n for the legacy partition (empty once rebalanced).
            var counted = await Task.WhenAll(Enumerable.Range(0, state.Shards + 1).Select(shard =>
                context.CallActivityAsync<AttributeShardCount>(nameof(CountAttributeShardActivity), new AttributeShardInput(input.TenantId, countId, shard), options)));

            var attributes = counted.SelectMany(c => c.Attributes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            await context.CallActivityAsync<bool>(
                nameof(PublishAttributeCountsActivity),
                new PublishAttributeCountsInput(input.TenantId, countId, asOf, counted.Sum(c => c.Users), attributes, state.Dirty),
                options);
            return countId;
        }
    }

    /// <summary>The instance id of the tenant's counts keeper: one per tenant, so requests coalesce.</summary>
    public static string InstanceId(string tenantId) => InstancePrefix + tenantId;
}
