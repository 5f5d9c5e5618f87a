using System.Globalization;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary>How the CLI words what a start did (export, import).</summary>
internal static class StartOutput
{
    /// <summary>
    /// Prints the outcome of a start. Returns the exit code when there is no run to follow (no such destination, or a
    /// run the run records show done whose durable history this backend no longer has), null when the run is to be followed.
    /// </summary>
    public static int? Print(RunStartOutcome outcome, string tenant, string destinationId, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(output);
        switch (outcome.Status)
        {
            case RunStartStatus.DestinationNotFound:
                output.WriteLine($"No destination '{destinationId}' exists for tenant '{tenant}': nothing was started. Add it with 'orchestrator destination add'.");
                return 1;
            case RunStartStatus.Started:
                output.WriteLine($"Started run {outcome.InstanceId}");
                return null;
        }

        if (outcome.Metadata is null && outcome.Record is { } record)
        {
            string finished = record.FinishedAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "earlier";
            output.WriteLine($"Run {outcome.InstanceId} already {record.Status.ToString().ToLowerInvariant()} ({finished}, per the run records); use --force to run it again.");
            if (record.ObjectKey is { } key)
            {
                output.WriteLine($"Object: {key}");
            }

            return 0;
        }

        output.WriteLine($"Run {outcome.InstanceId} already exists ({outcome.Metadata?.RuntimeStatus}); use --force to run it again.");
        return null;
    }
}
