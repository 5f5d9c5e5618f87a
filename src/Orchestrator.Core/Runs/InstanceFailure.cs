using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>
/// The failure message of a failed orchestration instance, whichever way its backend reports it. The in-memory
/// backend fills <see cref="OrchestrationMetadata.FailureDetails"/>; the Azure Storage backend behind the runner's
/// sidecar leaves it empty and keeps the message as the instance's output instead.
/// </summary>
public static class InstanceFailure
{
    /// <summary>Whether the instance's output is its failure message rather than a result.</summary>
    public static bool OutputIsFailure(OrchestrationMetadata metadata) =>
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is null;

    /// <summary>The message a failed instance failed with; null for any other instance.</summary>
    public static string? MessageOf(OrchestrationMetadata metadata)
    {
        if (metadata.FailureDetails is { } details)
        {
            return details.ErrorMessage;
        }

        if (!OutputIsFailure(metadata) || string.IsNullOrEmpty(metadata.SerializedOutput))
        {
            return null;
        }

        string output = metadata.SerializedOutput;
        if (output.StartsWith('"'))
        {
            try
            {
                return JsonSerializer.Deserialize<string>(output);
            }
            catch (JsonException)
            {
                // Not a JSON string after all: the raw text is the message.
            }
        }

        return output;
    }
}
