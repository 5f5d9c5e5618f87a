using System.CommandLine;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;

namespace Orchestrator.Runner.Cli;

/// <summary><c>export</c>: run one export in this process and follow it with a progress bar.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var backend = CommonOptions.Backend();
        var tenant = new Option<string>("--tenant") { Required = true, Description = "Tenant id." };
        var destination = new Option<string>("--destination") { Required = true, Description = "Destination id." };
        var report = new Option<string>("--report") { Required = true, Description = "Report name, e.g. sessions." };
        var period = new Option<string>("--period")
        {
            Description = "Day to export (yyyy-MM-dd); default yesterday (UTC).",
            DefaultValueFactory = _ => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var force = new Option<bool>("--force") { Description = "Run again even if this export already finished." };
        var format = new Option<string>("--format") { Description = "This run's format instead of the destination's: csv, csv.gz, jsonl.gz or parquet." };
        var codec = new Option<string>("--parquet-codec") { Description = "This run's Parquet codec instead of the destination's: snappy, zstd, gzip or none." };
        var command = new Command("export", "Export one report for one day into the destination's bucket.") { backend, tenant, destination, report, period, force, format, codec };
        command.SetAction(async (parse, ct) =>
        {
            if (!DestinationCommand.TryLayout(parse.GetValue(format), parse.GetValue(codec), null, null, out var layout))
            {
                return 2;
            }

            var request = new ExportRequest(
                parse.GetValue(tenant)!,
                parse.GetValue(destination)!,
                parse.GetValue(report)!,
                DateOnly.ParseExact(parse.GetValue(period)!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                layout.Format,
                parse.GetValue(codec) is null ? null : layout.ParquetCodec);
            await using var host = await CliHost.StartAsync(CommonOptions.Overrides(parse, backend), ct);
            var app = host.App;
            var client = app.Services.GetRequiredService<DurableTaskClient>();
            var outcome = await app.Services.GetRequiredService<ExportRunStarter>().StartAsync(client, request, parse.GetValue(force), ct);
            if (StartOutput.Print(outcome, request.TenantId, request.DestinationId, Console.Out) is { } done)
            {
                await app.StopAsync(CancellationToken.None);
                return done;
            }

            var finished = await new ProgressPrinter(Console.Out).FollowAsync(client, outcome.InstanceId, ct);
            int code = CliOutput.Report(finished, Console.Out);
            await app.StopAsync(CancellationToken.None);
            return code;
        });
        return command;
    }
}
