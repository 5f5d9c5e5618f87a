using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Functions.Functions;
using Orchestrator.Imports.Attributes;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Functions;

/// <summary>
/// Every HTTP function of the Functions app, its body executed in-process: a real request, the app's own services on
/// Azurite and radosgw, a real durable client whose worker runs the shared orchestrations. Assertions are on status
/// codes, bodies and what really happened (rows in the tables, objects in the bucket, instances in the backend).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class FunctionsHttpTests(ServersFixture servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task DestinationFunctions_CreateListReadUpdateCheckRotateDelete_ChangeTheStoredRows()
    {
        await using var app = await FunctionsApp.StartAsync(servers);
        string t = app.Tenant;
        string bucket = await this.CreateBucketAsync("fd-" + t);
        var store = app.Services.GetRequiredService<IDestinationStore>();

        var created = await this.CreateDestinationAsync(app, bucket);
        Assert.Equal(201, created.Status);
        Assert.Equal("fn path", (await store.GetAsync(t, "keys", None))!.BucketPath);

        var listRequest = app.Request("GET", $"tenants/{t}/destinations");
        var list = await FunctionsApp.ExecuteAsync(listRequest, DestinationsFunction.RunAsync(listRequest, t, None));
        Assert.Equal(200, list.Status);
        Assert.Equal("keys", Assert.Single(list.Body.GetProperty("destinations").EnumerateArray()).GetProperty("destinationId").GetString());

        var getRequest = app.Request("GET", $"tenants/{t}/destinations/keys");
        var read = await FunctionsApp.ExecuteAsync(getRequest, DestinationFunction.RunAsync(getRequest, t, "keys", None));
        Assert.Equal(200, read.Status);
        string etag = read.Body.GetProperty("eTag").GetString()!;

        var putRequest = app.Request(
            "PUT",
            $"tenants/{t}/destinations/keys",
            new { authMethod = "accessKey", bucket, region = "us-east-1", bucketPath = "moved", accessKeyId = servers.AccessKey },
            headers: new Dictionary<string, string> { ["If-Match"] = etag });
        var updated = await FunctionsApp.ExecuteAsync(putRequest, DestinationFunction.RunAsync(putRequest, t, "keys", None));
        Assert.Equal(200, updated.Status);
        Assert.Equal("moved", (await store.GetAsync(t, "keys", None))!.BucketPath);

        var validateRequest = app.Request("POST", $"tenants/{t}/destinations/keys/validate");
        var validated = await FunctionsApp.ExecuteAsync(validateRequest, ValidateDestinationFunction.RunAsync(validateRequest, t, "keys", app.Client, None));
        Assert.Equal(200, validated.Status);
        Assert.True(validated.Body.GetProperty("passed").GetBoolean(), validated.Body.ToString());

        var policyRequest = app.Request("GET", $"tenants/{t}/destinations/keys/iam-policy");
        var policy = await FunctionsApp.ExecuteAsync(policyRequest, DestinationIamPolicyFunction.RunAsync(policyRequest, t, "keys", None));
        Assert.Equal(200, policy.Status);
        Assert.Contains($"arn:aws:s3:::{bucket}/moved/*", policy.Body.GetProperty("permissionPolicy").ToString(), StringComparison.Ordinal);

        var rotateKeysRequest = app.Request("POST", $"tenants/{t}/destinations/keys/rotate-external-id");
        var rotateKeys = await FunctionsApp.ExecuteAsync(rotateKeysRequest, RotateExternalIdFunction.RunAsync(rotateKeysRequest, t, "keys", None));
        Assert.Equal(400, rotateKeys.Status);
        Assert.True(rotateKeys.Body.GetProperty("errors").TryGetProperty("authMethod", out _));

        var roleRequest = app.Request("POST", $"tenants/{t}/destinations", new { destinationId = "role", authMethod = "assumeRole", bucket, region = "us-east-1", roleArn = servers.RoleArn });
        var role = await FunctionsApp.ExecuteAsync(roleRequest, DestinationsFunction.RunAsync(roleRequest, t, None));
        Assert.Equal(201, role.Status);
        string firstExternalId = (await store.GetAsync(t, "role", None))!.ExternalId!;
        var rotateRequest = app.Request("POST", $"tenants/{t}/destinations/role/rotate-external-id");
        var rotated = await FunctionsApp.ExecuteAsync(rotateRequest, RotateExternalIdFunction.RunAsync(rotateRequest, t, "role", None));
        Assert.Equal(200, rotated.Status);
        Assert.NotEqual(firstExternalId, (await store.GetAsync(t, "role", None))!.ExternalId);

        var deleteRequest = app.Request("DELETE", $"tenants/{t}/destinations/keys");
        var deleted = await FunctionsApp.ExecuteAsync(deleteRequest, DeleteDestinationFunction.RunAsync(deleteRequest, t, "keys", app.Client, None));
        Assert.Equal(204, deleted.Status);
        Assert.Null(await store.GetAsync(t, "keys", None));
        var goneRequest = app.Request("GET", $"tenants/{t}/destinations/keys");
        Assert.Equal(404, (await FunctionsApp.ExecuteAsync(goneRequest, DestinationFunction.RunAsync(goneRequest, t, "keys", None))).Status);
    }

    [Fact]
    public async Task RunFunctions_ExportReadListRetryCancelBackfillPurge_AnswerFromTheRealRun()
    {
        await using var app = await FunctionsApp.StartAsync(servers);
        string t = app.Tenant;
        string bucket = await this.CreateBucketAsync("fr-" + t);
        Assert.Equal(201, (await this.CreateDestinationAsync(app, bucket)).Status);
        string id = $"export:{t}:keys:sessions:2026-11-24";

        var startRequest = app.Request("POST", "exports", new { tenant = t, destinationId = "keys", report = "sessions", period = "2026-11-24" });
        var started = await FunctionsApp.ExecuteAsync(startRequest, StartExportFunction.RunAsync(startRequest, app.Client, None));
        Assert.Equal(202, started.Status);
        Assert.Equal(id, started.Body.GetProperty("id").GetString());
        Assert.Equal($"https://orchestrator.example.net/api/tenants/{t}/runs/{id}", started.Headers.Location.ToString());
        var done = await app.Runner.WaitAsync(id);
        Assert.True(done.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        Assert.True(await this.ObjectSizeAsync(bucket, "fn path/sessions/2026/11/24/sessions_2026-11-24.csv.gz") > 0);

        var tenantRunRequest = app.Request("GET", $"tenants/{t}/runs/{id}");
        var tenantRun = await FunctionsApp.ExecuteAsync(tenantRunRequest, GetTenantRunFunction.RunAsync(tenantRunRequest, t, id, app.Client, None));
        Assert.Equal(200, tenantRun.Status);
        Assert.Equal("Completed", tenantRun.Body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(5000, tenantRun.Body.GetProperty("result").GetProperty("rows").GetInt64());

        var runRequest = app.Request("GET", $"runs/{id}");
        var run = await FunctionsApp.ExecuteAsync(runRequest, GetRunFunction.RunAsync(runRequest, id, app.Client, None));
        Assert.Equal(200, run.Status);
        Assert.Equal(id, run.Body.GetProperty("id").GetString());

        var listRequest = app.Request("GET", $"tenants/{t}/runs", query: "kind=export");
        var list = await FunctionsApp.ExecuteAsync(listRequest, RunsListFunction.RunAsync(listRequest, t, None));
        Assert.Equal(200, list.Status);
        Assert.Equal(id, Assert.Single(list.Body.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());

        var retryRequest = app.Request("POST", $"tenants/{t}/runs/{id}/retry");
        var retry = await FunctionsApp.ExecuteAsync(retryRequest, RunsRetryFunction.RunAsync(retryRequest, t, id, app.Client, None));
        Assert.Equal(409, retry.Status); // it succeeded: nothing to retry

        var cancelRequest = app.Request("POST", $"tenants/{t}/runs/{id}/cancel");
        var cancel = await FunctionsApp.ExecuteAsync(cancelRequest, RunsCancelFunction.RunAsync(cancelRequest, t, id, app.Client, None));
        Assert.Equal(409, cancel.Status); // already finished

        var backfillRequest = app.Request("POST", $"tenants/{t}/destinations/keys/backfill", new { from = "2026-11-24", to = "2026-11-25", reports = new[] { "sessions" } });
        var backfill = await FunctionsApp.ExecuteAsync(backfillRequest, BackfillDestinationFunction.RunAsync(backfillRequest, t, "keys", app.Client, None));
        Assert.Equal(202, backfill.Status);
        await app.Runner.WaitAsync($"export:{t}:keys:sessions:2026-11-25");
        Assert.True(await this.ObjectSizeAsync(bucket, "fn path/sessions/2026/11/25/sessions_2026-11-25.csv.gz") > 0);
        var record = await app.Services.GetRequiredService<IRunStore>().GetAsync(t, $"export:{t}:keys:sessions:2026-11-25", None);
        Assert.Equal(RunStatus.Succeeded, record!.Status);

        var badPurgeRequest = app.Request("POST", "runs/purge", query: "olderThanDays=soon");
        var badPurge = await FunctionsApp.ExecuteAsync(badPurgeRequest, PurgeHistoryFunction.RunAsync(badPurgeRequest, app.Client, None));
        Assert.Equal(400, badPurge.Status);
        Assert.True(badPurge.Body.GetProperty("errors").TryGetProperty("olderThanDays", out _));
        var purgeRequest = app.Request("POST", "runs/purge", query: "olderThanDays=1");
        var purge = await FunctionsApp.ExecuteAsync(purgeRequest, PurgeHistoryFunction.RunAsync(purgeRequest, app.Client, None));
        Assert.Equal(200, purge.Status);
        Assert.Equal(0, purge.Body.GetProperty("purged").GetInt32()); // every run is younger than a day
        Assert.NotNull(await app.Client.GetInstanceAsync(id, None));
    }

    [Fact]
    public async Task ImportFunctions_ImportThenReadAndCount_AnswerFromTheAttributeStore()
    {
        await using var app = await FunctionsApp.StartAsync(servers);
        string t = app.Tenant;
        string bucket = await this.CreateBucketAsync("fi-" + t);
        Assert.Equal(201, (await this.CreateDestinationAsync(app, bucket)).Status);
        using (var s3 = servers.AdminS3())
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "fn path/attributes/users.csv", ContentBody = "userId,plan\nu1,gold\nu2,gold\nu3,free\n" });
        }

        var startRequest = app.Request("POST", "imports", new { tenant = t, destinationId = "keys" });
        var started = await FunctionsApp.ExecuteAsync(startRequest, StartImportFunction.RunAsync(startRequest, app.Client, None));
        Assert.Equal(202, started.Status);
        await app.Runner.WaitAsync(started.Body.GetProperty("id").GetString()!);
        Assert.NotNull(await app.Services.GetRequiredService<IAttributeStore>().GetAsync(t, "u3", None));

        var userRequest = app.Request("GET", $"tenants/{t}/users/u1/attributes");
        var user = await FunctionsApp.ExecuteAsync(userRequest, GetUserAttributesFunction.RunAsync(userRequest, t, "u1", None));
        Assert.Equal(200, user.Status);
        Assert.Equal("gold", user.Body.GetProperty("attributes").GetProperty("plan").GetString());

        // Counts are served from the tenant's snapshot, which its counts keeper computes after the import ended.
        await app.Runner.WaitAsync(Orchestrator.Imports.Counts.AttributeCountOrchestrator.InstanceId(t));
        var countRequest = app.Request("GET", $"tenants/{t}/attributes/plan/counts");
        var counts = await FunctionsApp.ExecuteAsync(countRequest, CountAttributeValuesFunction.RunAsync(countRequest, t, "plan", None));
        Assert.Equal(200, counts.Status);
        Assert.Equal("""{"gold":2,"free":1}""", Canonical(counts.Body.GetProperty("counts")));
    }

    [Fact]
    public async Task NightFunction_PostThenGet_StartsTheNightAndReadsItsSummary()
    {
        await using var app = await FunctionsApp.StartAsync(servers);
        string day = "2019-03-" + Random.Shared.Next(10, 28).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var postRequest = app.Request("POST", $"nights/{day}");
        var posted = await FunctionsApp.ExecuteAsync(postRequest, NightFunction.RunAsync(postRequest, day, app.Client, None));
        Assert.Equal(202, posted.Status);
        var night = await app.Runner.WaitAsync($"nightly:{day}");
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, night.RuntimeStatus);

        var getRequest = app.Request("GET", $"nights/{day}");
        var summary = await FunctionsApp.ExecuteAsync(getRequest, NightFunction.RunAsync(getRequest, day, app.Client, None));
        Assert.Equal(200, summary.Status);
        Assert.Equal(0, summary.Body.GetProperty("started").GetInt32()); // this test's table holds no scheduled destination
    }

    private static string Canonical(JsonElement counts) =>
        JsonSerializer.Serialize(counts.EnumerateObject().OrderByDescending(p => p.Value.GetInt32()).ToDictionary(p => p.Name, p => p.Value.GetInt32()));

    private async Task<FunctionResponse> CreateDestinationAsync(FunctionsApp app, string bucket)
    {
        var request = app.Request("POST", $"tenants/{app.Tenant}/destinations", new
        {
            destinationId = "keys", authMethod = "accessKey", bucket, region = "us-east-1", bucketPath = "fn path",
            accessKeyId = servers.AccessKey, secretAccessKey = servers.SecretKey,
        });
        return await FunctionsApp.ExecuteAsync(request, DestinationsFunction.RunAsync(request, app.Tenant, None));
    }

    private async Task<string> CreateBucketAsync(string bucket)
    {
        using var s3 = servers.AdminS3();
        await s3.PutBucketAsync(bucket);
        return bucket;
    }

    private async Task<long> ObjectSizeAsync(string bucket, string key)
    {
        using var s3 = servers.AdminS3();
        var objects = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var found = (objects.S3Objects ?? []).SingleOrDefault(o => o.Key == key);
        Assert.True(found is not null, $"{key} is not in {bucket}: [{string.Join(", ", (objects.S3Objects ?? []).Select(o => o.Key))}]");
        return found.Size ?? 0;
    }
}
