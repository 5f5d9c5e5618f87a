using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Retention;

namespace Orchestrator.Runner.Cli;

/// <summary><c>destination retention-preview</c>: what retention would delete now (same planner as GET …/retention-preview).</summary>
internal static class RetentionPreviewCommand
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Required = true };
        var id = new Option<string>("--id") { Required = true, Description = "Destination id." };
        var command = new Command("retention-preview", "List the objects retention would delete now, and those it keeps because they changed or are gone. Deletes nothing.") { tenant, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var services = host.App.Services;
            var destination = await services.GetRequiredService<IDestinationStore>().GetAsync(parse.GetValue(tenant)!, parse.GetValue(id)!, ct);
            if (destination is null)
            {
                Console.Error.WriteLine("No such destination for this tenant.");
                return 1;
            }

            var plan = await services.GetRequiredService<RetentionService>().PreviewAsync(destination, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            if (plan.RetentionDays is null)
            {
                Console.WriteLine($"Retention is off for {destination.DestinationId}: nothing is ever deleted (set retentionDays to turn it on).");
                return 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Retention {plan.RetentionDays} days: objects our runs wrote before {plan.Cutoff:u} in s3://{plan.Bucket}"));
            foreach (var item in plan.Items)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{item.Decision,-11} {item.Key} (run {item.RunId}, written {item.WrittenAt:u})"));
            }

            Console.WriteLine($"{plan.Items.Count(i => i.Decision == Retention.Models.RetentionDecision.Delete)} to delete, {plan.Items.Count(i => i.Decision != Retention.Models.RetentionDecision.Delete)} kept or gone.");
            return 0;
        });
        return command;
    }
}
