using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// A mirror import whose sweep removes many users, on the persistent backend (Azure Storage on Azurite): the runner
/// process is SIGKILLed while the sweep is deleting, a new process on the same task hub resumes the run, and the run
/// ends with exactly the mirror's users (the unlisted ones gone, the listed ones with the file's values) and a count
/// of deleted users equal to the users removed (none missed, none twice).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class MirrorCrashResumeTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Users = 30_000;
    private const int Listed = 6_000;

    [Fact]
    public async Task Mirror_RunnerKilledMidSweepAndRestarted_CompletesWithExactlyTheMirrorsUsers()
    {
        string secrets = RunnerSession.SecretsFile("mirrorkill");
        string hub = "mirrorkill" + Guid.NewGuid().ToString("N")[..12];
        var settings = RunnerSession.PersistentSettings(servers, secrets, hub);

        // 24,000 of 30,000 users go (80%): within the guard raised for this test.
        settings["Import:MirrorMaxDeleteShare"] = "0.9";
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "mirkill-" + setup.Tenant);
        await servers.PutUnderAsync(destination, "base/users.csv", Csv(Users, "base"));
        var seeded = await setup.Imports.StartAsync(
            setup.Client, new ImportRequest(setup.Tenant, destination.DestinationId, "base/", new DateOnly(2026, 12, 6), Force: false), CancellationToken.None);
        var baseRun = await setup.WaitAsync(seeded.InstanceId);
        Assert.Equal(Users, baseRun.ReadOutputAs<ImportResult>()!.RowsImported);

        await servers.PutUnderAsync(destination, "mirror/users.csv", Csv(Listed, "mirror"));
        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        string watched = AttributeShards.PartitionOfShard(setup.Tenant, 0);
        int before = await CountAsync(table, watched);
        string runId;
        int watchedAtKill;
        JsonElement atKill;
        string firstLog;
        await using (var first = await RunnerProcess.StartAsync(settings))
        {
            runId = await first.StartRunAsync("api/imports", new { tenant = setup.Tenant, destinationId = destination.DestinationId, prefix = "mirror/", mode = "mirror" });

            // Kill once the sweep has deleted some of the watched shard's users (and before the run ends).
            await first.WaitForRunAsync(runId, run => ReliabilitySupport.IsFinished(run) || Phase(run) == "mirroring", TimeSpan.FromMinutes(3));
            do
            {
                atKill = await first.GetRunAsync(runId);
                watchedAtKill = await CountAsync(table, watched);
            }
            while (!ReliabilitySupport.IsFinished(atKill) && watchedAtKill >= before);

            first.Kill();
            firstLog = first.Output;
        }

        Assert.False(ReliabilitySupport.IsFinished(atKill), $"the run finished before the kill: {atKill}");
        int leftAtKill = await CountTenantAsync(table, setup.Tenant);
        Assert.InRange(leftAtKill, Listed + 1, Users - 1);

        await using var second = await RunnerProcess.StartAsync(settings);
        var final = await second.WaitForRunAsync(runId, ReliabilitySupport.IsFinished, TimeSpan.FromMinutes(5));

        Assert.True(final.GetProperty("runtimeStatus").GetString() == "Completed", final + "\n" + firstLog + "\n" + second.Output);
        var result = final.GetProperty("result").Deserialize<ImportResult>(RunnerSession.WebJson)!;
        Assert.Equal(ImportMode.Mirror, result.Mode);
        Assert.Equal(((long)Listed, 0L), (result.RowsImported, result.RowsRejected));

        // Counted exactly once each: the killed attempt's deletions too, none twice.
        Assert.Equal(Users - Listed, result.RowsDeleted);

        // The end state is exactly the mirror's file: its users with its values, no other user of the tenant.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var user in AttributeRows.OfTenantAsync(table, setup.Tenant))
        {
            Assert.True(seen.Add(user.RowKey));
            int n = int.Parse(user.RowKey[1..], CultureInfo.InvariantCulture);
            Assert.InRange(n, 1, Listed);
            Assert.Equal("mirror", user.GetString("plan"));
            Assert.Equal(n, user.GetInt64("score"));
        }

        Assert.Equal(Listed, seen.Count);
        ReliabilitySupport.Report(
            output,
            "mirror-killed-mid-sweep",
            $"users={Users} listed={Listed} toDelete={Users - Listed} shard0 before={before} atKill={watchedAtKill} tenantLeftAtKill={leftAtKill} rowsDeletedReported={result.RowsDeleted} endUsers={seen.Count}");
    }

    private static string Csv(int count, string plan)
    {
        var csv = new StringBuilder("user_id,plan,score\n");
        for (int i = 1; i <= count; i++)
        {
            csv.Append('u').Append(i).Append(',').Append(plan).Append(',').Append(i).Append('\n');
        }

        return csv.ToString();
    }

    private static string? Phase(JsonElement run) =>
        run.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("phase", out var phase) ? phase.GetString() : null;

    private static async Task<int> CountAsync(TableClient table, string partition)
    {
        int rows = 0;
        await foreach (var unused in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"]))
        {
            rows++;
        }

        return rows;
    }

    private static async Task<int> CountTenantAsync(TableClient table, string tenant)
    {
        int rows = 0;
        await foreach (var unused in AttributeRows.OfTenantAsync(table, tenant, ["RowKey"]))
        {
            rows++;
        }

        return rows;
    }
}
