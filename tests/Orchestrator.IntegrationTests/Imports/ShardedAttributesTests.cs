using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Counts;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.Runner.Hosting;
using Orchestrator.Security;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// The sharded attribute store on Azurite: the upgrade from one partition per tenant, the counts snapshot against a
/// full recount, and the work limits of the API (backfill size, per-tenant rate).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ShardedAttributesTests(ServersFixture servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Rebalance_LegacyPartition_ReadsFallBackThenEveryUserMovesToItsShardKeepingNewerValues()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        string tenant = runner.Tenant;
        var table = new TableClient(servers.StorageConnectionString, "Attributes");

        // Data as the release before sharding wrote it: PartitionKey = tenant.
        for (int i = 0; i < 150; i++)
        {
            await table.UpsertEntityAsync(new TableEntity(tenant, $"u{i}") { ["plan"] = "old", ["legacyOnly"] = (long)i });
        }

        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Equal("old", (await store.GetAsync(tenant, "u7", None))!["plan"]); // fallback read
        var upsert = await store.UpsertAsync(tenant, [new UserAttributes("u1", new Dictionary<string, object> { ["plan"] = "new" })], "w1", None);
        Assert.Empty(upsert.Failures);
        Assert.Equal(0, upsert.Inserted); // u1 exists in the legacy partition: its new shard row updates a known user
        var merged = (await store.GetAsync(tenant, "u1", None))!;
        Assert.Equal("new", merged["plan"]);
        Assert.Equal(1L, merged["legacyOnly"]);

        // Interrupted after one page, then run to the end, then once more: each user moved once, nothing lost.
        Assert.Equal(100, await store.RebalanceAsync(tenant, 100, None));
        int moved = 100;
        for (int page; (page = await store.RebalanceAsync(tenant, 100, None)) > 0;)
        {
            moved += page;
        }

        Assert.Equal(150, moved);
        Assert.Equal(0, await store.RebalanceAsync(tenant, 100, None));
        var rows = new List<TableEntity>();
        await foreach (var row in AttributeRows.OfTenantAsync(table, tenant))
        {
            rows.Add(row);
        }

        Assert.Equal(150, rows.Select(r => r.RowKey).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(AttributeShards.PartitionKeyOf(tenant, r.RowKey, store.ShardCount), r.PartitionKey));
        Assert.True(rows.Select(r => r.PartitionKey).Distinct().Count() > 1);
        var u1 = rows.Single(r => r.RowKey == "u1");
        Assert.Equal("new", u1.GetString("plan"));
        Assert.Equal(1L, u1.GetInt64("legacyOnly"));
        Assert.All(rows.Where(r => r.RowKey != "u1"), r => Assert.Equal("old", r.GetString("plan")));
        Assert.Equal("old", (await store.GetAsync(tenant, "u7", None))!["plan"]);
    }

    [Fact]
    public async Task Import_TableAnswers503And500_BacksOffAndStoresEveryRowOnceCountedOnceAsInsertedOrUpdated()
    {
        await using var proxy = await ThrottlingTableProxy.StartAsync(servers.StorageConnectionString);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = proxy.Through(servers.StorageConnectionString),
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "thr-" + runner.Tenant);
        var csv = new StringBuilder("user_id,score,segment\n");
        for (int i = 0; i < 3000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"user-{i},{i},seg{i % 7}\n");
        }

        using (var admin = servers.AdminS3())
        {
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, "attributes/users.csv"), ContentBody = csv.ToString() });
        }

        var outcome = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 12, 2), Force: false), None);
        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((3000L, 0L), (result.RowsImported, result.RowsRejected));
        Assert.Equal((3000L, 0L), (result.RowsInserted, result.RowsUpdated)); // a lost answer's retry finds its own insert id
        Assert.True(proxy.Refused > 0 && proxy.AnswersLost > 0, $"refused {proxy.Refused}, answers lost {proxy.AnswersLost}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in AttributeRows.OfTenantAsync(new TableClient(servers.StorageConnectionString, "Attributes"), runner.Tenant))
        {
            Assert.True(seen.Add(row.RowKey), "duplicate " + row.RowKey);
            int n = int.Parse(row.RowKey["user-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(n, row.GetInt64("score"));
            Assert.Equal($"seg{n % 7}", row.GetString("segment"));
        }

        Assert.Equal(3000, seen.Count);

        // Half the users again, half new, through the same throttling: each counted once, as what it is.
        long lostBefore = proxy.AnswersLost;
        var again = new StringBuilder("user_id,score,segment\n");
        for (int i = 1500; i < 4500; i++)
        {
            again.Append(System.Globalization.CultureInfo.InvariantCulture, $"user-{i},{i},seg{i % 7}\n");
        }

        using (var admin = servers.AdminS3())
        {
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, "again/users.csv"), ContentBody = again.ToString() });
        }

        var second = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "again/", new DateOnly(2026, 12, 2), Force: false), None);
        var secondRun = await runner.WaitAsync(second.InstanceId);
        Assert.True(secondRun.RuntimeStatus == OrchestrationRuntimeStatus.Completed, secondRun.FailureDetails?.ErrorMessage);
        var secondResult = secondRun.ReadOutputAs<ImportResult>()!;
        Assert.Equal((3000L, 1500L, 1500L), (secondResult.RowsImported, secondResult.RowsInserted, secondResult.RowsUpdated));
        Assert.True(proxy.AnswersLost > lostBefore, $"answers lost in the second run: {proxy.AnswersLost - lostBefore}");
    }

    [Fact]
    public async Task Import_ThenCounts_SnapshotEqualsAFullRecount_AndRecountRouteServesANewerOne()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "cnt-" + runner.Tenant);
        string[] plans = ["free", "pro", "team", "enterprise"];
        var csv = new StringBuilder("user_id,plan,score\n");
        for (int i = 0; i < 500; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"user-{i},{plans[i * i % plans.Length]},{i % 3}\n");
        }

        using (var admin = servers.AdminS3())
        {
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, "attributes/users.csv"), ContentBody = csv.ToString() });
        }

        var outcome = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 12, 1), Force: false), None);
        var imported = await runner.WaitAsync(outcome.InstanceId);
        Assert.True(imported.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{imported.RuntimeStatus}: {imported.FailureDetails}");

        // The import did not wait for the count: the tenant's counts keeper counts after it, then completes.
        var keeper = await runner.WaitAsync(AttributeCountOrchestrator.InstanceId(runner.Tenant));
        Assert.True(keeper.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{keeper.RuntimeStatus}: {keeper.FailureDetails}");
        var full = await runner.App.Services.GetRequiredService<IAttributeStore>().CountByValueAsync(runner.Tenant, "plan", None);
        using var http = TestIssuer.Http(port);
        var first = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/attributes/plan/counts");
        var served = first.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(full.OrderBy(c => c.Key), served.OrderBy(c => c.Key));
        Assert.Equal(500, served.Values.Sum());
        Assert.Equal(500, first.GetProperty("users").GetInt64());
        Assert.False(first.GetProperty("capped").GetBoolean());
        Assert.False(first.GetProperty("stale").GetBoolean());
        DateTime asOf = first.GetProperty("asOf").GetDateTime();

        using var recount = await http.PostAsync($"api/tenants/{runner.Tenant}/attributes/recount", null);
        Assert.Equal(HttpStatusCode.Accepted, recount.StatusCode);
        string id = (await recount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(AttributeCountOrchestrator.InstanceId(runner.Tenant), id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(id)).RuntimeStatus);
        var second = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/attributes/plan/counts");
        Assert.True(second.GetProperty("asOf").GetDateTime() > asOf);
        Assert.False(second.GetProperty("stale").GetBoolean());
        Assert.Equal(served.OrderBy(c => c.Key), second.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()).OrderBy(c => c.Key));

        // The cap: one listed value, the rest summed as other users.
        var capped = await runner.App.Services.GetRequiredService<IAttributeCountStore>().GetAsync(runner.Tenant, "plan", 1, None);
        Assert.Equal(500, capped!.Counts.Values.Sum() + capped.OtherUsers);
        Assert.True(capped.Capped);
    }

    [Fact]
    public async Task ImportsEndingTogether_NoneWaitsForACount_OneKeeperCountsAllTheirRowsAndIsNotStale()
    {
        const int Imports = 6;
        const int UsersEach = 100;
        var logs = new CapturingLoggerProvider();
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" },
            services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var requests = new List<ImportRequest>();
        using (var admin = servers.AdminS3())
        {
            for (int d = 0; d < Imports; d++)
            {
                var destination = await runner.AddAccessKeyDestinationAsync(servers, $"coal{d}-{runner.Tenant}");
                var csv = new StringBuilder("user_id,plan\n");
                for (int i = 0; i < UsersEach; i++)
                {
                    csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"d{d}-user-{i},{(i % 2 == 0 ? "free" : "pro")}\n");
                }

                await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, "attributes/users.csv"), ContentBody = csv.ToString() });
                requests.Add(new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 12, 1), Force: false));
            }
        }

        var started = await Task.WhenAll(requests.Select(r => runner.Imports.StartAsync(runner.Client, r, None)));
        foreach (var outcome in started)
        {
            var run = await runner.WaitAsync(outcome.InstanceId);
            Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails}");
        }

        string keeperId = AttributeCountOrchestrator.InstanceId(runner.Tenant);
        var keeper = await runner.WaitAsync(keeperId);
        Assert.True(keeper.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{keeper.RuntimeStatus}: {keeper.FailureDetails}");

        // Counting ran only in the tenant's keeper, never inside an import run.
        var counting = logs.Entries.Where(l => Equals(l.Scope.GetValueOrDefault("Task"), nameof(CountAttributeShardActivity))).ToList();
        Assert.NotEmpty(counting);
        Assert.All(counting, l => Assert.Equal(keeperId, l.Scope.GetValueOrDefault("RunId")));
        int scans = logs.Entries.Count(l => Equals(l.Scope.GetValueOrDefault("Task"), nameof(PublishAttributeCountsActivity)) && l.Message.Contains("published", StringComparison.Ordinal));
        Assert.InRange(scans, 1, Imports);

        using var http = TestIssuer.Http(port);
        var counts = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/attributes/plan/counts");
        Assert.False(counts.GetProperty("stale").GetBoolean());
        Assert.Equal(Imports * UsersEach, counts.GetProperty("users").GetInt64());
        Assert.Equal(Imports * UsersEach / 2, counts.GetProperty("counts").GetProperty("free").GetInt64());
        Assert.Equal(Imports * UsersEach / 2, counts.GetProperty("counts").GetProperty("pro").GetInt64());
        Console.WriteLine($"{Imports} imports ending together: {scans} scan(s) by the keeper");
    }

    [Fact]
    public async Task Limits_BackfillTooLargeAndTenantOverItsRate_Answer400NamingToAnd429WithRetryAfter()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Limits:MaxRunsPerCall"] = "2",
            ["Limits:TenantBurst"] = "4",
            ["Limits:TenantRequestsPerMinute"] = "1",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "lim-" + runner.Tenant);
        string token = TestIssuer.Issuer.Token(ApiRole.TenantAdmin, runner.Tenant, TimeSpan.FromHours(1), "limits-admin");
        using var admin = TestIssuer.Http(port, token: token);

        using var tooLarge = await admin.PostAsJsonAsync(
            $"api/tenants/{runner.Tenant}/destinations/{destination.DestinationId}/backfill", new { from = "2026-11-01", to = "2026-11-03", reports = new[] { "sessions" } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.Contains("3 runs", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("to")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(await runner.Client.GetInstanceAsync($"export:{runner.Tenant}:{destination.DestinationId}:sessions:2026-11-01", None));

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var response = await admin.GetAsync($"api/tenants/{runner.Tenant}/destinations");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), response.Headers.ToString());
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        // Burst of 4: the backfill call and three reads pass, the fourth read is refused; an operator is not held back.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var operatorHttp = TestIssuer.Http(port);
        using var operatorRead = await operatorHttp.GetAsync($"api/tenants/{runner.Tenant}/destinations");
        Assert.Equal(HttpStatusCode.OK, operatorRead.StatusCode);
    }
}
