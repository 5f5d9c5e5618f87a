using Microsoft.DurableTask.Client;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary>How the CLI prints a finished run.</summary>
internal static class CliOutput
{
    public static int Report(OrchestrationMetadata metadata, TextWriter output)
    {
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            output.WriteLine($"Run {metadata.InstanceId} completed.");
            if (metadata.SerializedOutput is { } json)
            {
                output.WriteLine(CliJson.Pretty(json));
            }

            return 0;
        }

        output.WriteLine($"Run {metadata.InstanceId} ended {metadata.RuntimeStatus}: {InstanceFailure.MessageOf(metadata)}");
        return 1;
    }
}
