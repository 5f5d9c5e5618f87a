using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Nightly;
using Orchestrator.Options;

namespace Orchestrator.Http;

/// <summary>Operator routes for nights: read a night's summary, or start a night (backfill or a rerun with force).</summary>
public static class NightApi
{
    /// <summary><c>GET /api/nights/{day}</c>: started, succeeded, failed (with reasons) and skipped.</summary>
    public static async Task<IResult> GetAsync(HttpRequest request, string day, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Problems.Validation(new() { ["day"] = ["must be a day in the form yyyy-MM-dd"] });
        }

        var summary = await request.HttpContext.RequestServices.GetRequiredService<INightStore>().GetAsync(date, cancellationToken);
        return summary is null ? Problems.NotFound($"No night ran for {day}.") : Results.Json(summary);
    }

    /// <summary><c>POST /api/nights/{day}?force=true</c>: runs the scheduler for a day (backfill); force reruns finished runs.</summary>
    public static async Task<IResult> StartAsync(HttpRequest request, string day, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Problems.Validation(new() { ["day"] = ["must be a day in the form yyyy-MM-dd"] });
        }

        bool force = request.Query.TryGetValue("force", out var f) && bool.TryParse(f, out bool parsed) && parsed;
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<NightlyOptions>>().Value;
        var outcome = await NightlyStarter.StartAsync(client, options, date, restart: true, forceRuns: force, cancellationToken);
        string statusUri = $"{request.Scheme}://{request.Host}{request.PathBase}/{ExportApi.RunsRoute}/{RunIdSegment.Escape(outcome.InstanceId)}";
        request.HttpContext.Response.Headers.Location = statusUri;
        return Results.Json(new { id = outcome.InstanceId, started = outcome.Started, statusUri }, statusCode: StatusCodes.Status202Accepted);
    }
}
