using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestrator.Domain;
using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>Reads the list-runs query string, naming every bad parameter.</summary>
public static class RunQueryParser
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;

    /// <summary>Parameters of the list, plus <c>code</c> (the Functions host's key parameter).</summary>
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "destination", "kind", "status", "from", "to", "pageSize", "continuation", "code",
    };

    public static RunQuery? Parse(string tenantId, IQueryCollection query, Dictionary<string, string[]> errors)
    {
        foreach (var (name, _) in query)
        {
            if (!Known.Contains(name))
            {
                errors[name] = ["is not a known parameter; use destination, kind, status, from, to, pageSize or continuation"];
            }
        }

        string? destination = Single(query, "destination", errors);
        if (destination is not null && !Identifiers.IsValidId(destination))
        {
            errors["destination"] = ["must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"];
        }

        string? kind = Single(query, "kind", errors)?.ToLowerInvariant();
        if (kind is not null and not ("export" or "import"))
        {
            errors["kind"] = ["must be 'export' or 'import'"];
        }

        RunStatus? status = null;
        if (Single(query, "status", errors) is { } statusText)
        {
            if (Enum.TryParse<RunStatus>(statusText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(statusText, out _))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["must be 'running', 'succeeded', 'partiallySucceeded' or 'failed'"];
            }
        }

        var from = Time(query, "from", errors);
        var to = Time(query, "to", errors);
        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = ["must be later than 'from'"];
        }

        int pageSize = DefaultPageSize;
        if (Single(query, "pageSize", errors) is { } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be a whole number from 1 to {MaxPageSize}")];
        }

        RunContinuation? after = null;
        if (Single(query, "continuation", errors) is { } token && (after = RunContinuation.TryDecode(token)) is null)
        {
            errors["continuation"] = ["is not a continuation token returned by this API"];
        }

        return errors.Count == 0 ? new RunQuery(tenantId, destination, kind, status, from, to, pageSize, after) : null;
    }

    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors[name] = ["must be given once"];
            return null;
        }

        string? value = values[0];
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = ["must not be empty"];
            return null;
        }

        // Enum and date parsing forgive surrounding white space ("running\n"): a value that needs trimming is refused.
        if (value.Trim() != value)
        {
            errors[name] = ["must not start or end with white space or a line break"];
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (Single(query, name, errors) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors[name] = ["must be a day (yyyy-MM-dd) or an ISO 8601 time such as 2026-11-24T06:00:00Z"];
        return null;
    }
}
