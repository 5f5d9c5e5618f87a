using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Counts;
using Orchestrator.Options;
using Orchestrator.Runs;

namespace Orchestrator.Runner.Cli;

/// <summary><c>attributes get|count|recount|rebalance</c>: read the attribute store (what imports wrote), the basis for segmentation.</summary>
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
        var count = new Command("count", "Users per value of one attribute (a segment's size), from the counts snapshot, with its as-of time.") { countTenant, attribute };
        count.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            string name = AttributeNames.ToPropertyName(parse.GetValue(attribute)!) ?? parse.GetValue(attribute)!;
            int maxValues = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxCountedValues;
            var snapshot = await app.Services.GetRequiredService<IAttributeCountStore>().GetAsync(parse.GetValue(countTenant)!, name, maxValues, ct);
            if (snapshot is null)
            {
                Console.Error.WriteLine("No counts snapshot exists for this tenant yet: it is computed after each import, or by 'attributes recount'.");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"as of {snapshot.AsOf:yyyy-MM-ddTHH:mm:ssZ} ({snapshot.Users} users){(snapshot.Stale ? $"; stale: attributes changed since {snapshot.DirtySince:yyyy-MM-ddTHH:mm:ssZ}, a newer count is pending" : string.Empty)}"));
            foreach (var (value, users) in snapshot.Counts.OrderByDescending(c => c.Value))
            {
                Console.WriteLine($"{users,10}  {value}");
            }

            if (snapshot.Capped)
            {
                Console.WriteLine($"{snapshot.OtherUsers,10}  (other values: more than Import:MaxCountedValues={maxValues} distinct values)");
            }

            return 0;
        });

        var recountTenant = new Option<string>("--tenant") { Required = true };
        var recount = new Command("recount", "Compute a fresh counts snapshot of a tenant's attributes (one activity per shard) and wait for it.") { recountTenant };
        recount.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            string tenantId = parse.GetValue(recountTenant)!;
            if (!Orchestrator.Domain.Identifiers.IsValidId(tenantId))
            {
                Console.Error.WriteLine("--tenant must be 1-64 letters, digits, '-' or '_'.");
                return 2;
            }

            var client = app.Services.GetRequiredService<DurableTaskClient>();
            var outcome = await app.Services.GetRequiredService<AttributeCountStarter>().RecountAsync(client, tenantId, ct);
            var finished = await client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: true, ct);
            if (finished.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                Console.Error.WriteLine($"The count {outcome.InstanceId} ended {finished.RuntimeStatus}: {finished.FailureDetails?.ErrorMessage}");
                return 1;
            }

            Console.WriteLine($"Counted tenant '{tenantId}': snapshot {finished.ReadOutputAs<string>() ?? "(a newer one)"} is served.");
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

        return new Command("attributes", "Read imported user attributes.") { get, count, recount, rebalance };
    }
}
