using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Runner.Cli;

/// <summary><c>attributes get|count|rebalance</c>: read the attribute store (what imports wrote), the basis for segmentation.</summary>
internal static class AttributesCommand
{
    /// <summary>Users moved per step of <c>attributes rebalance</c> (each step's progress is printed).</summary>
    private const int RebalancePage = 1000;

    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Required = true };
        var user = new Option<string>("--user") { Required = true, Description = "User id." };
        var get = new Command("get", "Show one user's attributes.") { tenant, user };
        get.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            var values = await app.Services.GetRequiredService<IAttributeStore>().GetAsync(parse.GetValue(tenant)!, parse.GetValue(user)!, ct);
            if (values is null)
            {
                Console.Error.WriteLine("No attributes are stored for that user.");
                return 1;
            }

            foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"{name,-32} {Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})");
            }

            return 0;
        });

        var countTenant = new Option<string>("--tenant") { Required = true };
        var attribute = new Option<string>("--attribute") { Required = true, Description = "Attribute name." };
        var count = new Command("count", "Count users by the value of one attribute (a segment's size).") { countTenant, attribute };
        count.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            string name = AttributeNames.ToPropertyName(parse.GetValue(attribute)!) ?? parse.GetValue(attribute)!;
            var counts = await app.Services.GetRequiredService<IAttributeStore>().CountByValueAsync(parse.GetValue(countTenant)!, name, ct);
            foreach (var (value, users) in counts.OrderByDescending(c => c.Value))
            {
                Console.WriteLine($"{users,10}  {value}");
            }

            return 0;
        });

        var rebalanceTenant = new Option<string>("--tenant") { Required = true };
        var rebalance = new Command(
            "rebalance",
            "Move a tenant's attributes stored before sharding (one partition) into its shards. Idempotent and resumable: run it again after an interruption.")
        {
            rebalanceTenant,
        };
        rebalance.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var store = host.App.Services.GetRequiredService<IAttributeStore>();
            string tenantId = parse.GetValue(rebalanceTenant)!;
            if (!Orchestrator.Domain.Identifiers.IsValidId(tenantId))
            {
                Console.Error.WriteLine("--tenant must be 1-64 letters, digits, '-' or '_'.");
                return 2;
            }

            long moved = 0;
            int page;
            do
            {
                page = await store.RebalanceAsync(tenantId, RebalancePage, ct);
                moved += page;
                if (page > 0)
                {
                    Console.WriteLine($"moved {moved} users so far");
                }
            }
            while (page > 0);

            Console.WriteLine($"Rebalanced tenant '{tenantId}': {moved} users moved into {store.ShardCount} shards; its legacy partition is empty.");
            return 0;
        });

        return new Command("attributes", "Read imported user attributes.") { get, count, rebalance };
    }
}
