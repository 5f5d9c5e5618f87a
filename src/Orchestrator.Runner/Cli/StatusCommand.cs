using System.CommandLine;
using System.Text.Json;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary><c>status</c>: ask a running server (<c>serve</c> or the Functions app) for a run's status.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var id = new Argument<string>("instanceId") { Description = "Run id, e.g. export:tenant:destination:report:2026-11-24." };
        var server = new Option<string>("--server") { Description = "Base address of the server.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("status", "Show a run's status, progress, result and error.") { id, server };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(server)!) };
            using var response = await http.GetAsync(Route(parse.GetValue(id)!), ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
            Console.WriteLine(JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, Indented));
            return response.IsSuccessStatusCode ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The route a tenant's run is read on: <c>api/tenants/{tenant}/runs/{id}</c> (the tenant is part of the id);
    /// other runs (nights) on the operators' <c>api/runs/{id}</c>.
    /// </summary>
    public static Uri Route(string instanceId)
    {
        string id = Uri.EscapeDataString(instanceId);
        return new Uri(RunIds.TenantOf(instanceId) is { } tenant ? $"api/tenants/{Uri.EscapeDataString(tenant)}/runs/{id}" : "api/runs/" + id, UriKind.Relative);
    }
}
