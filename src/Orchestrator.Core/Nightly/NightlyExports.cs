using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Options;

namespace Orchestrator.Nightly;

/// <summary>
/// Starts the configured nightly exports for one day. Idempotent like <c>POST /api/exports</c>: the instance id is
/// derived from the business key, and a run that already exists (running or finished) is left alone, so a timer
/// that fires twice, or a rerun after a partial failure, starts only what is missing.
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
                if (await StartOneAsync(client, request, cancellationToken) is { } instanceId)
                {
                    started.Add(instanceId);
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

    /// <summary>Starts one run unless its instance exists; returns the instance id when this call started it.</summary>
    private static async Task<string?> StartOneAsync(DurableTaskClient client, ExportRequest request, CancellationToken cancellationToken)
    {
        string instanceId = ExportNaming.InstanceId(request);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return null;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ExportOrchestrator), request, new StartOrchestrationOptions(instanceId), cancellationToken);
            return instanceId;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lost a race with another starter of the same run: theirs is the run. Anything else is rethrown.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                throw;
            }

            return null;
        }
    }
}
