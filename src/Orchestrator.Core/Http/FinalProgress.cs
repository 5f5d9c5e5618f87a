using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Http;

/// <summary>
/// A run's progress as it stands once the run ended: a terminated (cancelled) instance cannot update its own custom
/// status, so its last one ("uploading", 46 %) would claim it is still working. Its phase becomes the way it ended;
/// the counts stay as far as it got.
/// </summary>
public static class FinalProgress
{
    public static JsonElement? Of(JsonElement? progress, OrchestrationRuntimeStatus status)
    {
        string? ended = status switch
        {
            OrchestrationRuntimeStatus.Terminated => "terminated",
            OrchestrationRuntimeStatus.Failed => "failed",
            _ => null,
        };
        if (ended is null
            || progress is not { ValueKind: JsonValueKind.Object } current
            || !current.TryGetProperty("phase", out var phase)
            || phase.ValueKind != JsonValueKind.String
            || phase.GetString() == ended)
        {
            return progress;
        }

        var node = JsonNode.Parse(current.GetRawText())!.AsObject();
        node["phase"] = ended;
        return JsonSerializer.SerializeToElement(node);
    }
}
