using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Http;

/// <summary>
/// Durable payloads are stored with whatever naming the host's serializer uses; the API always answers in camelCase
/// so clients see the same shape from both hosts.
/// </summary>
internal static class CamelCaseJson
{
    public static JsonElement Convert(JsonElement element) => JsonSerializer.SerializeToElement(Rename(JsonNode.Parse(element.GetRawText())));

    private static JsonNode? Rename(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    renamed[JsonNamingPolicy.CamelCase.ConvertName(name)] = Rename(value);
                }

                return renamed;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                var copy = new JsonArray();
                foreach (var item in items)
                {
                    copy.Add(Rename(item));
                }

                return copy;
            default:
                return node;
        }
    }
}
