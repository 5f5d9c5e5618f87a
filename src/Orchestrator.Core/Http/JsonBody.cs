using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Http;

/// <summary>Reads a small JSON request body, or says precisely why it cannot (problem+json).</summary>
public static class JsonBody
{
    /// <summary>Request bodies are small JSON documents.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return (default, Problems.Validation(new() { ["Content-Type"] = ["must be application/json"] }));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, Problems.Validation(new() { ["body"] = [$"must be at most {MaxBodyBytes} bytes"] }));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (default, Problems.Validation(new() { ["body"] = [$"must be at most {MaxBodyBytes} bytes"] }));
            }
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, Problems.Validation(new() { ["body"] = [$"is not valid JSON: {ex.Message}"] }));
        }
    }
}
