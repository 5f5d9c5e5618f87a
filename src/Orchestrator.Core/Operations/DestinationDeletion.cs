using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>
/// Deletes a destination as an operator means it: the runs still going to it are cancelled first, while its
/// credentials still exist (terminated; an export's multipart upload aborted; recorded as failed with
/// <see cref="Reason"/>), and only then are its registry row and its secret deleted. Deleting first would leave those
/// runs failing at their next step with no credentials left to abort their uploads with.
/// </summary>
public sealed class DestinationDeletion(IRunStore runs, RunOperations operations, DestinationService destinations, ILogger<DestinationDeletion> logger)
{
    /// <summary>The error recorded for a run cancelled because its destination was deleted.</summary>
    public const string Reason = "Cancelled: the destination was deleted while the run was going.";

    private const int PageSize = 100;

    /// <summary>Cancels the destination's running runs, then deletes it; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(DurableTaskClient client, string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var running = new List<string>();
        RunContinuation? after = null;
        do
        {
            var page = await runs.QueryAsync(new RunQuery(tenantId, destinationId, null, RunStatus.Running, null, null, PageSize, after), cancellationToken);
            running.AddRange(page.Items.Select(r => r.RunId));
            after = page.Next;
        }
        while (after is not null);

        // In parallel: each cancel waits for its instance to stop and its upload to stay gone.
        await Task.WhenAll(running.Select(runId =>
        {
            Log.DeletionCancelsRun(logger, tenantId, destinationId, runId);
            return operations.CancelAsync(client, tenantId, runId, Reason, cancellationToken);
        }));

        return await destinations.DeleteAsync(tenantId, destinationId, cancellationToken);
    }
}
