using System.CommandLine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.Options;

namespace Orchestrator.Runner.Cli;

/// <summary><c>import</c>: import the attribute files under a prefix of a destination, in this process.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var backend = CommonOptions.Backend();
        var tenant = new Option<string>("--tenant") { Required = true };
        var destination = new Option<string>("--destination") { Required = true, Description = "Destination id." };
        var prefix = new Option<string>("--prefix") { Description = "Folder under the bucket path (default: Import:DefaultPrefix)." };
        var force = new Option<bool>("--force") { Description = "Re-import files even if unchanged." };
        var mode = new Option<string>("--mode")
        {
            Description = "upsert (default): merge the rows (a row whose _delete is true removes its user); delete: remove every listed user; "
                + "mirror: the files are the source's complete list, users they no longer list are removed (at most Import:MirrorMaxDeleteShare).",
        };
        var command = new Command("import", "Import user attributes from CSV/JSON Lines files in the destination's bucket.") { backend, tenant, destination, prefix, force, mode };
        command.SetAction(async (parse, ct) =>
        {
            if (ImportModes.Parse(parse.GetValue(mode) ?? "upsert") is not { } importMode)
            {
                Console.Error.WriteLine("--mode must be " + ImportModes.Allowed + ".");
                return 2;
            }

            await using var host = await CliHost.StartAsync(CommonOptions.Overrides(parse, backend), ct);
            var app = host.App;
            var client = app.Services.GetRequiredService<DurableTaskClient>();
            string folder = ImportNaming.Folder(parse.GetValue(prefix) ?? app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.DefaultPrefix);
            var request = new ImportRequest(parse.GetValue(tenant)!, parse.GetValue(destination)!, folder, DateOnly.FromDateTime(DateTime.UtcNow), parse.GetValue(force), importMode);
            var outcome = await app.Services.GetRequiredService<ImportRunStarter>().StartAsync(client, request, ct);
            if (StartOutput.Print(outcome, request.TenantId, request.DestinationId, Console.Out) is { } done)
            {
                return done;
            }

            var finished = await client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: true, ct);
            return CliOutput.Report(finished, Console.Out);
        });
        return command;
    }
}
