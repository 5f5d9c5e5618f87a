using System.CommandLine;
using Orchestrator.Http;

namespace Orchestrator.Runner.Cli;

/// <summary><c>status</c>: ask a running server (<c>serve</c> or the Functions app) for a run's status.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instanceId") { Description = "Run id, e.g. export:tenant:destination:report:2026-11-24." };
        var server = new Option<string>("--server") { Description = "Base address of the server.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var tenant = new Option<string>("--tenant") { Description = "The run's tenant: asks the tenant route, which adds the run record and the timeline." };
        var command = new Command("status", "Show a run's status, progress, result and error.") { id, server, tenant };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(server)!) };
            using var response = await http.GetAsync(new Uri(RunPath(parse.GetValue(tenant), parse.GetValue(id)!), UriKind.Relative), ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
            Console.WriteLine(CliJson.Pretty(body));
            return response.IsSuccessStatusCode ? 0 : 1;
        });
        return command;
    }

    private static string RunPath(string? tenant, string runId) =>
        tenant is null
            ? "api/runs/" + RunIdSegment.Escape(runId)
            : $"api/tenants/{Uri.EscapeDataString(tenant)}/runs/{RunIdSegment.Escape(runId)}";
}
