using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Nightly;
using Orchestrator.Options;
using Xunit;

namespace Orchestrator.IntegrationTests.Nightly;

/// <summary>
/// Nights on the runner's persistent backend (Azure Storage on Azurite), whose sub-orchestrations depend on the
/// runner's repair of the sidecar's events (<c>SidecarSubOrchestrationRepair</c>): a night completes with one run per
/// destination, a second firing starts nothing, and a runner killed mid-night resumes it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class NightlyPersistentBackendTests(ServersFixture servers)
{
    [Fact]
    public async Task Night_AzureStorageBackend40Destinations_EachGetsOneRunAndASecondFiringStartsNothing()
    {
        const int Count = 40;
        var day = new DateOnly(2026, 10, 6);
        string table = "NightDest" + Guid.NewGuid().ToString("N")[..10];
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = "night" + Guid.NewGuid().ToString("N")[..12],
            ["Storage:DestinationsTable"] = table,
            ["Reports:SyntheticRows"] = "100",
            ["Export:Compression"] = "None",
            ["Nightly:MaxConcurrentRuns"] = "8",
            ["Nightly:PageSize"] = "16",
        });
        var services = runner.App.Services;
        string bucket = "nightaz-" + runner.Tenant;
        await RegisterAsync(services, servers, runner.Tenant, bucket, Count, honoluluIndex: 7);

        var options = services.GetRequiredService<IOptions<NightlyOptions>>().Value;
        var first = await NightlyStarter.StartAsync(runner.Client, options, day, restart: false, forceRuns: false, CancellationToken.None);
        var night = await runner.WaitAsync(first.InstanceId, TimeSpan.FromMinutes(6));
        var second = await NightlyStarter.StartAsync(runner.Client, options, day, restart: false, forceRuns: false, CancellationToken.None);

        Assert.True(night.RuntimeStatus == OrchestrationRuntimeStatus.Completed, night.FailureDetails?.ErrorMessage);
        Assert.True(first.Started);
        Assert.False(second.Started);
        var summary = (await services.GetRequiredService<INightStore>().GetAsync(day, CancellationToken.None))!;
        Assert.True(summary.Finished);
        Assert.Equal((Count, Count, Count, 0, 0), (summary.Destinations, summary.Started, summary.Succeeded, summary.Failed, summary.Skipped));
        await AssertOneSucceededRunPerDestinationAsync(runner.Tenant, bucket, Count, day, honoluluIndex: 7);
    }

    [Fact]
    public async Task Night_RunnerKilledMidNightOnAzureStorage_ANewRunnerFinishesItWithOneRunPerDestination()
    {
        const int Count = 60;
        var day = new DateOnly(2026, 10, 7);
        string secrets = RunnerSession.SecretsFile("night");
        string table = "NightDest" + Guid.NewGuid().ToString("N")[..10];
        var settings = RunnerSession.PersistentSettings(servers, secrets, "nightcrash" + Guid.NewGuid().ToString("N")[..12]);
        settings["Storage:DestinationsTable"] = table;
        settings["Reports:SyntheticRows"] = "100";
        settings["Export:Compression"] = "None";
        settings["Nightly:MaxConcurrentRuns"] = "6";
        settings["Nightly:PageSize"] = "20";

        // Destinations are registered through an in-process runner that shares the tables and the secrets file.
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets, ["Storage:DestinationsTable"] = table });
        string bucket = "nightkill-" + setup.Tenant;
        await RegisterAsync(setup.App.Services, servers, setup.Tenant, bucket, Count, honoluluIndex: 11);

        string nightId = NightlySchedulerOrchestrator.InstanceId(day);
        await using (var first = await RunnerProcess.StartAsync(settings))
        {
            using var started = await first.Http.PostAsync(new Uri($"api/nights/{day:yyyy-MM-dd}", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal(nightId, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
            await WaitForSucceededRunsAsync(setup.Tenant, atLeast: 8, TimeSpan.FromMinutes(3), first);
            first.Kill();
        }

        Assert.True(await CountSucceededAsync(setup.Tenant) < Count, "the night must still have been running when the runner was killed");
        await using var second = await RunnerProcess.StartAsync(settings);
        var finished = await second.WaitForRunAsync(nightId, run => run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromMinutes(6));

        Assert.True(finished.GetProperty("runtimeStatus").GetString() == "Completed", finished + "\n" + second.Output);
        using var response = await second.Http.GetAsync(new Uri($"api/nights/{day:yyyy-MM-dd}", UriKind.Relative));
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(summary.GetProperty("finished").GetBoolean(), summary.ToString());
        Assert.Equal(
            (Count, Count, Count, 0),
            (summary.GetProperty("destinations").GetInt32(), summary.GetProperty("started").GetInt32(), summary.GetProperty("succeeded").GetInt32(), summary.GetProperty("failed").GetInt32()));
        await AssertOneSucceededRunPerDestinationAsync(setup.Tenant, bucket, Count, day, honoluluIndex: 11);
    }

    /// <summary><paramref name="count"/> destinations exporting "sessions" nightly; one of them in Pacific/Honolulu (UTC-10).</summary>
    private static async Task RegisterAsync(IServiceProvider services, ServersFixture servers, string tenant, string bucket, int count, int honoluluIndex)
    {
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        var destinations = services.GetRequiredService<DestinationService>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await destinations.CreateAsync(
            new DestinationDraft(
                tenant, $"d{i}", AuthMethod.AccessKey, bucket, "us-east-1", $"d{i}", servers.AccessKey, servers.SecretKey, null,
                new DestinationSchedule(Enabled: true, ["sessions"], Import: false, i == honoluluIndex ? "Pacific/Honolulu" : null)),
            ct));
    }

    /// <summary>Exactly one run record per destination, succeeded, for the day its zone covers; its object and manifest, and no upload left.</summary>
    private async Task AssertOneSucceededRunPerDestinationAsync(string tenant, string bucket, int count, DateOnly day, int honoluluIndex)
    {
        var records = new List<TableEntity>();
        await foreach (var e in new TableClient(servers.StorageConnectionString, "Runs").QueryAsync<TableEntity>(x => x.PartitionKey == tenant))
        {
            records.Add(e);
        }

        var expected = Enumerable.Range(0, count)
            .Select(i => $"export:{tenant}:d{i}:sessions:{(i == honoluluIndex ? day.AddDays(-1) : day):yyyy-MM-dd}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal("Succeeded", r.GetString("Status")));

        using var admin = servers.AdminS3();
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await admin.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        Assert.Equal(2 * count, keys.Count);
        Assert.Contains($"d{honoluluIndex}/sessions/{day.AddDays(-1):yyyy/MM/dd}/_manifest.json", keys);
        Assert.Empty((await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }

    private async Task<int> CountSucceededAsync(string tenant)
    {
        int succeeded = 0;
        await foreach (var e in new TableClient(servers.StorageConnectionString, "Runs").QueryAsync<TableEntity>(x => x.PartitionKey == tenant))
        {
            succeeded += e.GetString("Status") == "Succeeded" ? 1 : 0;
        }

        return succeeded;
    }

    private async Task WaitForSucceededRunsAsync(string tenant, int atLeast, TimeSpan timeout, RunnerProcess runner)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await this.CountSucceededAsync(tenant) < atLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {atLeast} runs of the night succeeded in time:\n{runner.Output}");
            }

            await Task.Delay(100);
        }
    }
}
