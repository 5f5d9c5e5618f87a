using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.Options;

namespace Orchestrator.Nightly;

/// <summary>
/// Starts the configured nightly imports for one day through <see cref="ImportRunStarter"/>: a run that already
/// exists for that destination, prefix and day is left alone, so a timer firing twice starts nothing new.
/// </summary>
public static class NightlyImports
{
    public static bool IsValid(NightlyImport import) =>
        Identifiers.IsValidId(import.Tenant) && Identifiers.IsValidId(import.DestinationId)
        && (string.IsNullOrEmpty(import.Prefix) || BucketPath.TryNormalize(import.Prefix, out string? p, out _) && p.Length > 0);

    /// <summary>Starts each import for <paramref name="day"/>; failures are collected so one entry never blocks the rest.</summary>
    public static async Task<IReadOnlyList<string>> StartAsync(
        DurableTaskClient client, IReadOnlyList<NightlyImport> imports, string defaultPrefix, DateOnly day, CancellationToken cancellationToken)
    {
        var started = new List<string>(imports.Count);
        var failures = new List<Exception>();
        foreach (var import in imports)
        {
            if (!IsValid(import))
            {
                failures.Add(new ArgumentException($"Nightly import '{import.Tenant}/{import.DestinationId}' is invalid.", nameof(imports)));
                continue;
            }

            BucketPath.TryNormalize(string.IsNullOrEmpty(import.Prefix) ? defaultPrefix : import.Prefix, out string? prefix, out _);
            try
            {
                var outcome = await ImportRunStarter.StartAsync(client, new ImportRequest(import.Tenant, import.DestinationId, prefix + "/", day, Force: false), cancellationToken);
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
            : throw new AggregateException($"{failures.Count} of {imports.Count} nightly imports for {day:yyyy-MM-dd} could not be started.", failures);
    }
}
