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
/// the scan. A generation that moved during the scan is counted again. While import runs it was told about are pending it waits for their end signals
/// (<see cref="AttributeCountSignal"/>) and counts once the last one ended, so N imports of a tenant cost about one
/// scan, not N; a recount request counts at once, and counts never stay stale longer than <see cref="MaxStaleness"/>
/// while imports keep running. With nothing pending and nothing dirty it completes. No import waits for it.
/// </summary>
public sealed class AttributeCountOrchestrator : TaskOrchestrator<AttributeCountRequest, string?>
{
    /// <summary>The instance id prefix of the tenant's counts keeper.</summary>
    public const string InstancePrefix = "counts-";

    /// <summary>Signals handled in one execution before ContinueAsNew trims the history.</summary>
    private const int SignalsPerExecution = 100;

    /// <summary>How long it waits for a pending import's end signal before it stops waiting (a run terminated from outside never sends one).</summary>
    private static readonly TimeSpan PendingTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// How long counts may stay stale while imports of the tenant keep running: a tenant whose imports never pause still
    /// gets a fresh snapshot this often (each scan reads every user, so counting after every import's end would cost a
    /// scan per import; 100 imports ending over minutes kept Azurite busy with scans in the load test).
    /// </summary>
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);

    public override async Task<string?> RunAsync(TaskOrchestrationContext context, AttributeCountRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<AttributeCountOrchestrator>();
        var options = RunRetryPolicies.ForImports;
        var pending = new HashSet<string>(input.Pending, StringComparer.Ordinal);
        string? published = null;
        bool recountAsked = false;
        for (int signals = 0; signals < SignalsPerExecution; signals++)
        {
            var state = await context.CallActivityAsync<AttributeCountState>(nameof(ReadAttributeCountStateActivity), input, options);
            TimeSpan staleFor = state.Stale ? context.CurrentUtcDateTime - (state.DirtySince ?? context.CurrentUtcDateTime) : TimeSpan.Zero;

            // While imports of the tenant still run, their rows are still moving: count once after the last one ended
            // (a scan reads every user of the tenant), unless a recount was asked for or the counts are stale too long.
            if (state.Stale && (pending.Count == 0 || recountAsked || staleFor >= MaxStaleness))
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

                recountAsked = false;
                continue; // Re-read: a generation raised during the scan is counted again.
            }

            if (pending.Count == 0)
            {
                return published;
            }

            AttributeCountSignal signal;
            try
            {
                var wait = state.Stale ? MaxStaleness - staleFor : PendingTimeout;
                signal = await context.WaitForExternalEvent<AttributeCountSignal>(AttributeCountSignal.EventName, wait > MinWait ? wait : MinWait);
            }
            catch (TaskCanceledException)
            {
                if (state.Stale)
                {
                    continue; // Stale too long now: count while the imports go on.
                }

                Log.AttributeCountsStoppedWaiting(logger, pending.Count);
                return published;
            }

            if (signal.Kind == AttributeCountSignal.Recount)
            {
                recountAsked = true;
            }
            else if (signal.RunId is { } run)
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
