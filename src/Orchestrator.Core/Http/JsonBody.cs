using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Http;

/// <summary>
/// Reads a small JSON request body, or says precisely why it cannot (problem+json). It is the one body reader of
/// every route, so it also checks once what no field parser should have to: every property name and string value is
/// valid Unicode (a lone UTF-16 surrogate escape such as <c>"\ud800"</c> is valid JSON syntax but cannot become a .NET
/// string), and no object names a property twice (a proxy and the API could otherwise read different values).
/// </summary>
public static class JsonBody
{
    /// <summary>Request bodies are small JSON documents.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>How deeply a body may nest objects and arrays.</summary>
    public const int MaxDepth = 16;

    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
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

        return Parse(buffer.ToArray());
    }

    /// <summary>True when <paramref name="contentType"/> is <c>application/json</c> or a <c>+json</c> type.</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses and checks a body: valid JSON, at most <see cref="MaxDepth"/> deep, valid Unicode, no duplicate keys.</summary>
    public static (JsonElement Body, IResult? Problem) Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            Check(document.RootElement, path: null, errors);
            return errors.Count > 0 ? (default, Problems.Validation(errors)) : (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, Problems.Validation(new() { ["body"] = [$"is not valid JSON: {ex.Message}"] }));
        }
    }

    /// <summary>Walks the document once; every problem is keyed by the field's path (<c>schedule.timeZone</c>, <c>reports[1]</c>).</summary>
    private static void Check(JsonElement element, string? path, Dictionary<string, string[]> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                int index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    index++;
                    if (!TryRead(() => property.Name, out string? name))
                    {
                        errors.TryAdd(path ?? "body", [$"property #{index} has a name that is not valid Unicode (a lone UTF-16 surrogate escape such as \\ud800)"]);
                        continue;
                    }

                    string field = path is null ? name : $"{path}.{name}";
                    if (!names.Add(name))
                    {
                        errors[field] = ["appears more than once; send each field once"];
                        continue;
                    }

                    Check(property.Value, field, errors);
                }

                break;
            case JsonValueKind.Array:
                int item = 0;
                foreach (var value in element.EnumerateArray())
                {
                    Check(value, $"{path ?? "body"}[{item++}]", errors);
                }

                break;
            case JsonValueKind.String:
                if (!TryRead(element.GetString, out _))
                {
                    errors.TryAdd(path ?? "body", ["is not valid Unicode: it holds a lone UTF-16 surrogate escape such as \\ud800"]);
                }

                break;
        }
    }

    /// <summary>System.Text.Json reports invalid UTF-16 (lone surrogate escapes) only when the text is read.</summary>
    private static bool TryRead(Func<string?> read, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = read() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
