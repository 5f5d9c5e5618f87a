using System.Globalization;
using System.Text.Json;
using Orchestrator.Domain;
using Orchestrator.Exports.Formats;

namespace Orchestrator.Http;

/// <summary>
/// Parses JSON request bodies field by field so that every rejection names the field and says what is wrong,
/// including wrong JSON types, instead of a generic "bad request".
/// </summary>
public static class RequestValidation
{
    public static ExportStartRequest? ParseExportStart(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return null;
        }

        string? tenant = RequiredString(body, "tenant", errors);
        string? destination = RequiredString(body, "destinationId", errors);
        string? report = RequiredString(body, "report", errors);
        string? period = RequiredString(body, "period", errors);
        bool force = OptionalBool(body, "force", errors);

        if (tenant is not null && !Identifiers.IsValidId(tenant))
        {
            errors["tenant"] = ["must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"];
        }

        if (destination is not null && !Identifiers.IsValidId(destination))
        {
            errors["destinationId"] = ["must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"];
        }

        if (report is not null && !Identifiers.IsValidReportName(report))
        {
            errors["report"] = ["must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter"];
        }

        DateOnly day = default;
        if (period is not null && !DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors["period"] = ["must be a day in the form yyyy-MM-dd"];
        }

        var (format, codec) = ParseFormatOverride(body, errors);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("tenant" or "destinationId" or "report" or "period" or "force" or "format" or "parquetCodec"))
            {
                errors[property.Name] = ["is not a known field"];
            }
        }

        return errors.Count == 0 ? new ExportStartRequest(tenant!, destination!, report!, day, force, format, codec) : null;
    }

    /// <summary>The optional per-request <c>format</c> and <c>parquetCodec</c> of the export and backfill start routes.</summary>
    public static (ExportFormat? Format, ParquetCodec? Codec) ParseFormatOverride(JsonElement body, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ExportFormat? format = null;
        ParquetCodec? codec = null;
        if (body.TryGetProperty("format", out var f) && f.ValueKind != JsonValueKind.Null)
        {
            if (f.ValueKind == JsonValueKind.String && ExportFormats.TryParse(f.GetString(), out var parsed))
            {
                format = parsed;
            }
            else
            {
                errors["format"] = [ExportFormats.Rule];
            }
        }

        if (body.TryGetProperty("parquetCodec", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind == JsonValueKind.String && ExportFormats.TryParseCodec(c.GetString(), out var parsed))
            {
                codec = parsed;
            }
            else
            {
                errors["parquetCodec"] = [ExportFormats.CodecRule];
            }
        }

        return (format, codec);
    }

    private static string? RequiredString(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[name] = ["is required"];
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}"];
            return null;
        }

        return value.GetString();
    }

    private static bool OptionalBool(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors[name] = ["must be true or false"];
            return false;
        }

        return value.GetBoolean();
    }
}
