using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Runner.Cli;

/// <summary><c>serve</c>: host the orchestrations and the HTTP API until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var backend = CommonOptions.Backend();
        var url = new Option<string>("--api-url") { Description = "Address of the HTTP API.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("serve", "Run the orchestrations and serve POST /api/exports and GET /api/runs/{id}.") { backend, url };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = CommonOptions.Overrides(parse, backend);
            overrides["Runner:ApiUrl"] = parse.GetValue(url);
            overrides["Logging:LogLevel:Default"] = "Information";
            await using var app = RunnerHost.Build([], overrides);
            await app.StartAsync(ct);
            Console.WriteLine($"Serving on {parse.GetValue(url)} (backend {app.Configuration["Runner:Backend"] ?? "InMemory"}). Ctrl+C to stop.");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
