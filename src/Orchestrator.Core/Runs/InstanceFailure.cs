using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>
/// Why an orchestration instance stopped without completing, whichever way its backend reports it. The in-memory
/// backend fills <see cref="OrchestrationMetadata.FailureDetails"/> of a failed instance; the Azure Storage backend
/// behind the runner's sidecar leaves it empty and keeps the message as the instance's output instead. A terminated
/// instance's output is the reason it was terminated with (a cancel, a deleted destination).
/// </summary>
public static class InstanceFailure
{
    /// <summary>Whether the instance's output is its failure or termination message rather than a result.</summary>
    public static bool OutputIsFailure(OrchestrationMetadata metadata) =>
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated
        || (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is null);

    /// <summary>
    /// The instance's result: its output once it completed, null otherwise. A failed or terminated instance has no
    /// result (some backends keep the failure message as its output: that is its error, never its result).
    /// </summary>
    public static string? ResultOf(OrchestrationMetadata metadata) =>
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.SerializedOutput : null;

    /// <summary>The message a failed or terminated instance stopped with; null for any other instance.</summary>
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
