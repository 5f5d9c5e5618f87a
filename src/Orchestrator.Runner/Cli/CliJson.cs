using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// How the CLI prints JSON for people: indented, and without the HTML-safe escaping of the default encoder, so a
/// timestamp reads <c>2026-11-24T10:00:00+00:00</c> rather than <c>…\u002B00:00</c> (the output is a terminal, not a web page).
/// </summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Re-indents a JSON document; text that is not JSON (e.g. a proxy's HTML error page) is returned as is.</summary>
    public static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
