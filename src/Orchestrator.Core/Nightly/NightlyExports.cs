using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Options;

namespace Orchestrator.Nightly;

/// <summary>
/// Starts the configured nightly exports for one day through <see cref="ExportRunStarter"/>, like
/// <c>POST /api/exports</c> without <c>force</c>: a run that already exists (running or finished) is left alone, so a
/// timer that fires twice, or a rerun after a partial failure, starts only what is missing.
/// </summary>
public static class NightlyExports
{
    /// <summary>Checks that every entry has valid ids (the same rules as the HTTP starter).</summary>
    public static bool IsValid(NightlyExport export) =>
        Identifiers.IsValidId(export.Tenant) && Identifiers.IsValidId(export.DestinationId) && Identifiers.IsValidReportName(export.Report);

    /// <summary>
    /// Starts each export for <paramref name="period"/> that has no instance yet and returns the ids it started.
    /// Every entry is attempted; failures are rethrown together at the end so one bad entry does not block the rest.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StartAsync(
        DurableTaskClient client, IReadOnlyList<NightlyExport> exports, DateOnly period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(exports);

        var started = new List<string>(exports.Count);
        var failures = new List<Exception>();
        foreach (var export in exports)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsValid(export))
            {
                failures.Add(new ArgumentException(
                    $"Nightly export '{export.Tenant}/{export.DestinationId}/{export.Report}' has an invalid tenant, destination or report id.",
                    nameof(exports)));
                continue;
            }

            var request = new ExportRequest(export.Tenant, export.DestinationId, export.Report, period);
            try
            {
                var outcome = await ExportRunStarter.StartAsync(client, request, force: false, cancellationToken);
                if (outcome.Started)
                {
                    started.Add(outcome.InstanceId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(ex);
            }
        }

        return failures.Count == 0
            ? started
            : throw new AggregateException($"{failures.Count} of {exports.Count} nightly exports for {period:yyyy-MM-dd} could not be started.", failures);
    }
}
