using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Options;

namespace Orchestrator.Http;

/// <summary>
/// <c>POST /api/tenants/{tenant}/destinations/{id}/backfill</c>: start the exports of a date range for one destination.
/// Days are decided like every start (<see cref="Runs.RunReuse"/>): a day whose record says it succeeded, or whose run is
/// going, is left alone unless <c>force</c> reruns it; a failed day is run again, as the night does.
/// </summary>
public static class BackfillApi
{
    /// <summary>At most a quarter of days per request, so one call cannot flood the task hub.</summary>
    public const int MaxDays = 92;

    public static async Task<IResult> StartAsync(HttpRequest request, string tenant, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValidId(tenant) || !Identifiers.IsValidId(id))
        {
            return Problems.Validation(new() { [Identifiers.IsValidId(tenant) ? "destinationId" : "tenant"] = ["must be 1-64 letters, digits, '-' or '_'"] });
        }

        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (from, to, reports, force) = Parse(body, errors);
        var (format, codec) = body.ValueKind == JsonValueKind.Object ? RequestValidation.ParseFormatOverride(body, errors) : default;
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var destination = await request.HttpContext.RequestServices.GetRequiredService<IDestinationStore>().GetAsync(tenant, id, cancellationToken);
        if (destination is null)
        {
            return Problems.NotFound($"No destination '{id}' exists for this tenant.");
        }

        reports ??= destination.Schedule?.Reports.ToList() ?? [];
        if (reports.Count == 0)
        {
            return Problems.Validation(new() { ["reports"] = ["is required when the destination has no scheduled reports"] });
        }

        // Days × reports is the work this call starts: bounded per call (Limits:MaxRunsPerCall), named on 'to'.
        int maxRuns = request.HttpContext.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRunsPerCall;
        long runs = (long)(to.DayNumber - from.DayNumber + 1) * reports.Count;
        if (runs > maxRuns)
        {
            int days = Math.Max(1, maxRuns / reports.Count);
            return Problems.Validation(new()
            {
                ["to"] = [string.Create(
                    CultureInfo.InvariantCulture,
                    $"the range asks for {runs} runs ({to.DayNumber - from.DayNumber + 1} days x {reports.Count} reports); one call starts at most {maxRuns}: end the range on or before {from.AddDays(days - 1):yyyy-MM-dd} and backfill the rest in further calls")],
            });
        }

        var starter = request.HttpContext.RequestServices.GetRequiredService<ExportRunStarter>();
        var started = new List<string>();
        var existing = new List<string>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (string report in reports)
            {
                var outcome = await starter.StartAsync(client, new ExportRequest(tenant, id, report, day, format, codec), force, cancellationToken);
                (outcome.Started ? started : existing).Add(outcome.InstanceId);
            }
        }

        return Results.Json(new { started, existing }, statusCode: StatusCodes.Status202Accepted);
    }

    private static (DateOnly From, DateOnly To, List<string>? Reports, bool Force) Parse(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return default;
        }

        DateOnly from = Day(body, "from", errors);
        DateOnly to = Day(body, "to", errors);
        if (errors.Count == 0 && (to < from || to.DayNumber - from.DayNumber >= MaxDays))
        {
            errors["to"] = [$"must be on or after 'from' and at most {MaxDays} days later"];
        }

        List<string>? reports = null;
        if (body.TryGetProperty("reports", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Array || r.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String || !Identifiers.IsValidReportName(x.GetString())))
            {
                errors["reports"] = ["must be an array of report names"];
            }
            else
            {
                reports = r.EnumerateArray().Select(x => x.GetString()!).Distinct(StringComparer.Ordinal).ToList();
            }
        }

        bool force = false;
        if (body.TryGetProperty("force", out var f) && f.ValueKind != JsonValueKind.Null)
        {
            if (f.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                force = f.GetBoolean();
            }
            else
            {
                errors["force"] = ["must be true or false"];
            }
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("from" or "to" or "reports" or "force" or "format" or "parquetCodec")))
        {
            errors[property.Name] = ["is not a known field"];
        }

        return (from, to, reports, force);
    }

    private static DateOnly Day(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = ["is required, as a day in the form yyyy-MM-dd"];
        return default;
    }
}
