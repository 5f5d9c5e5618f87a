using System.CommandLine;
using Orchestrator.Http;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary><c>status</c>: ask a running server (<c>serve</c> or the Functions app) for a run's status.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instanceId") { Description = "Run id, e.g. export:tenant:destination:report:2026-11-24." };
        var server = new Option<string>("--server") { Description = "Base address of the server.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var tenant = new Option<string>("--tenant") { Description = "The run's tenant: asks the tenant route, which adds the run record and the timeline." };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token (default: $ORCHESTRATOR_TOKEN, else an operator token of the local issuer of a runner serving --server in dev mode).",
        };
        var command = new Command("status", "Show a run's status, progress, result and error.") { id, server, tenant, token };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(server)!) };
            string? bearer = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_TOKEN")
                ?? TokenCommand.Minter(parse.GetValue(server)!)?.Mint(Orchestrator.Security.ApiRole.Operator, tenant: null, TimeSpan.FromMinutes(5));
            if (bearer is not null)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await http.GetAsync(Route(parse.GetValue(id)!, parse.GetValue(tenant)), ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
            Console.WriteLine(CliJson.Pretty(body));
            return response.IsSuccessStatusCode ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The route a run is read on: a tenant's run on <c>api/tenants/{tenant}/runs/{id}</c> (the tenant is part of the
    /// id, or given with <c>--tenant</c>); other runs (nights) on the operators' <c>api/runs/{id}</c>.
    /// </summary>
    public static Uri Route(string instanceId, string? tenant = null)
    {
        string id = RunIdSegment.Escape(instanceId);
        return new Uri(
            (tenant ?? RunIds.TenantOf(instanceId)) is { } owner ? $"api/tenants/{Uri.EscapeDataString(owner)}/runs/{id}" : "api/runs/" + id,
            UriKind.Relative);
    }
}
