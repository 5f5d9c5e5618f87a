using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Nightly;
using Orchestrator.Nightly.Models;
using Orchestrator.Options;
using Xunit;

namespace Orchestrator.IntegrationTests.Nightly;

/// <summary>A night over 300 scheduled destinations of 5 tenants on the local runner, against radosgw and Azurite.</summary>
[Collection(ServersCollection.Name)]
public sealed class NightlySchedulerTests(ServersFixture servers)
{
    private const int Tenants = 5;
    private const int PerTenant = 60;

    [Fact]
    public async Task Night_300DestinationsOneWithABrokenSecret_EachGetsOneRunTheBrokenOneFailsAloneAndASecondFiringStartsNothing()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            // A table of its own: the scheduler reads every scheduled destination of the table, and other tests schedule some too.
            ["Storage:DestinationsTable"] = "NightDest" + Guid.NewGuid().ToString("N")[..10],
            ["Reports:SyntheticRows"] = "100",
            ["Export:Compression"] = "None",
            ["Nightly:MaxConcurrentRuns"] = "30",
            ["Nightly:PageSize"] = "50",
            ["Runner:MaxConcurrentActivities"] = "32",
            ["Runner:MaxConcurrentOrchestrations"] = "32",
        });
        var services = runner.App.Services;
        var store = services.GetRequiredService<IDestinationStore>();
        var destinationService = services.GetRequiredService<DestinationService>();
        var tenants = Enumerable.Range(0, Tenants).Select(t => $"{runner.Tenant}n{t}").ToList();
        using (var admin = servers.AdminS3())
        {
            foreach (string tenant in tenants)
            {
                await admin.PutBucketAsync("night-" + tenant);
            }
        }

        await Parallel.ForEachAsync(
            tenants.SelectMany(t => Enumerable.Range(0, PerTenant).Select(i => (Tenant: t, Id: $"d{i}"))),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (d, ct) => await destinationService.CreateAsync(
                new DestinationDraft(
                    d.Tenant, d.Id, AuthMethod.AccessKey, "night-" + d.Tenant, "us-east-1", d.Id, servers.AccessKey, servers.SecretKey, null,
                    new DestinationSchedule(Enabled: true, ["sessions"], Import: false)),
                ct));

        // One destination's secret disappears behind the product's back (deleted in the vault): its run fails.
        var broken = (await store.GetAsync(tenants[2], "d17", CancellationToken.None))!;
        await services.GetRequiredService<ISecretStore>().DeleteSecretAsync(broken.SecretName!, CancellationToken.None);

        var day = new DateOnly(2026, 11, 20);
        var options = services.GetRequiredService<IOptions<NightlyOptions>>().Value;
        var first = await NightlyStarter.StartAsync(runner.Client, options, day, restart: false, forceRuns: false, CancellationToken.None);
        var night = await runner.WaitAsync(first.InstanceId, TimeSpan.FromMinutes(8));
        var second = await NightlyStarter.StartAsync(runner.Client, options, day, restart: false, forceRuns: false, CancellationToken.None);

        Assert.True(night.RuntimeStatus == OrchestrationRuntimeStatus.Completed, night.FailureDetails?.ErrorMessage);
        Assert.True(first.Started);
        Assert.False(second.Started);
        Assert.Equal(first.InstanceId, second.InstanceId);

        var summary = (await services.GetRequiredService<INightStore>().GetAsync(day, CancellationToken.None))!;
        Assert.True(summary.Finished);
        Assert.Equal(Tenants * PerTenant, summary.Destinations);
        Assert.Equal(Tenants * PerTenant, summary.Started);
        Assert.Equal((Tenants * PerTenant) - 1, summary.Succeeded);
        Assert.Equal(1, summary.Failed);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal((tenants[2], "d17"), (failure.TenantId, failure.DestinationId));
        Assert.Contains("secret", failure.Reason, StringComparison.OrdinalIgnoreCase);

        // Exactly one run per destination for that day, each recorded with the outcome the summary counted.
        var runs = new TableClient(servers.StorageConnectionString, "Runs");
        int succeeded = 0;
        foreach (string tenant in tenants)
        {
            var records = new List<TableEntity>();
            await foreach (var e in runs.QueryAsync<TableEntity>(x => x.PartitionKey == tenant))
            {
                records.Add(e);
            }

            Assert.Equal(PerTenant, records.Count);
            Assert.Equal(PerTenant, records.Select(r => r.RowKey).Distinct().Count());
            succeeded += records.Count(r => r.GetString("Status") == "Succeeded");
        }

        Assert.Equal((Tenants * PerTenant) - 1, succeeded);

        // The operator fixes the broken destination and reruns the night: only that one runs again.
        await destinationService.UpdateAsync(DestinationDraft.Of(broken) with { SecretAccessKey = servers.SecretKey }, "*", CancellationToken.None);
        var rerun = await NightlyStarter.StartAsync(runner.Client, options, day, restart: true, forceRuns: false, CancellationToken.None);
        Assert.True(rerun.Started);
        await runner.WaitAsync(rerun.InstanceId, TimeSpan.FromMinutes(4));
        var again = (await services.GetRequiredService<INightStore>().GetAsync(day, CancellationToken.None))!;
        Assert.Equal((1, 1, 0, (Tenants * PerTenant) - 1), (again.Started, again.Succeeded, again.Failed, again.Skipped));
    }
}
