using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Nightly;
using Orchestrator.Options;
using Xunit;

namespace Orchestrator.IntegrationTests.Nightly;

/// <summary>What a night reads from configuration: the import folder (<c>Import:DefaultPrefix</c>) and the Nights table.</summary>
[Collection(ServersCollection.Name)]
public sealed class NightSettingsTests(ServersFixture servers)
{
    [Fact]
    public async Task Night_ImportFolderAndNightsTableConfigured_ImportReadsThatFolderAndTheSummaryLandsInThatTable()
    {
        string suffix = Guid.NewGuid().ToString("N")[..10];
        string nightsTable = "NightsCfg" + suffix;
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            // A destinations table of its own: the scheduler reads every scheduled destination of the table.
            ["Storage:DestinationsTable"] = "NightCfgDest" + suffix,
            ["Storage:NightsTable"] = nightsTable,
            ["Import:DefaultPrefix"] = "/incoming//users/",
        });
        var services = runner.App.Services;
        string bucket = "night-cfg-" + suffix;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "base/incoming/users/users.csv", ContentBody = "user_id,tier\nu1,gold\n" });
            // The folder the night used to read whatever the configuration said: it must stay unread.
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "base/attributes/users.csv", ContentBody = "user_id,tier\nu1,bronze\nu2,silver\n" });
        }

        await services.GetRequiredService<DestinationService>().CreateAsync(
            new DestinationDraft(runner.Tenant, "d1", AuthMethod.AccessKey, bucket, "us-east-1", "base", servers.AccessKey, servers.SecretKey, null, new DestinationSchedule(true, [], Import: true)),
            CancellationToken.None);

        var day = new DateOnly(2031, 5, 17);
        var start = await NightlyStarter.StartAsync(runner.Client, services.GetRequiredService<IOptions<NightlyOptions>>().Value, day, restart: false, forceRuns: false, CancellationToken.None);
        var night = await runner.WaitAsync(start.InstanceId);

        Assert.True(night.RuntimeStatus == OrchestrationRuntimeStatus.Completed, night.FailureDetails?.ErrorMessage);
        var attributes = services.GetRequiredService<IAttributeStore>();
        var u1 = await attributes.GetAsync(runner.Tenant, "u1", CancellationToken.None);
        Assert.NotNull(u1);
        Assert.Equal("gold", u1["tier"]);
        Assert.Null(await attributes.GetAsync(runner.Tenant, "u2", CancellationToken.None));
        var import = await runner.Client.GetInstanceAsync($"import:{runner.Tenant}:d1:2031-05-17:incoming~users", CancellationToken.None);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, import?.RuntimeStatus);

        var summary = await new TableClient(servers.StorageConnectionString, nightsTable).GetEntityIfExistsAsync<TableEntity>("night", "2031-05-17");
        Assert.True(summary.HasValue);
        Assert.Equal((1, 1, 0), (summary.Value!.GetInt32("Started"), summary.Value.GetInt32("Succeeded"), summary.Value.GetInt32("Failed")));
        var defaultTable = new TableClient(servers.StorageConnectionString, new StorageOptions().NightsTable);
        await defaultTable.CreateIfNotExistsAsync();
        Assert.False((await defaultTable.GetEntityIfExistsAsync<TableEntity>("night", "2031-05-17")).HasValue);
    }
}
