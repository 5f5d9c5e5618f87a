using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.Imports.Models;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary>How the CLI prints a finished run.</summary>
internal static class CliOutput
{
    /// <summary>Exit code of a run that partially succeeded (0: succeeded, 1: failed).</summary>
    public const int PartialExitCode = 2;

    public static int Report(OrchestrationMetadata metadata, TextWriter output)
    {
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            using var result = metadata.SerializedOutput is { } json ? JsonDocument.Parse(json) : null;
            bool partial = result is { RootElement.ValueKind: JsonValueKind.Object }
                && result.RootElement.TryGetProperty(nameof(ImportResult.Status), out var status)
                && status.ValueKind == JsonValueKind.String
                && status.GetString() == nameof(RunStatus.PartiallySucceeded);
            output.WriteLine(partial ? $"Run {metadata.InstanceId} partially succeeded." : $"Run {metadata.InstanceId} completed.");
            if (result is not null)
            {
                output.WriteLine(CliJson.Pretty(metadata.SerializedOutput!));
            }

            return partial ? PartialExitCode : 0;
        }

        output.WriteLine($"Run {metadata.InstanceId} ended {metadata.RuntimeStatus}: {InstanceFailure.MessageOf(metadata)}");
        return 1;
    }
}
