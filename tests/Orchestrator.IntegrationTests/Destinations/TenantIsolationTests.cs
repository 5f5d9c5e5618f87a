using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// Tenant B must not see, change, delete, test, export to, or read the runs of tenant A's destination: every such
/// request answers 404 (never 403, so existence does not leak) and A's destination and secret stay as they were.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class TenantIsolationTests(ServersFixture servers)
{
    private const string Day = "2026-11-24";

    [Fact]
    public async Task OtherTenant_EveryDestinationAndRunRoute_Returns404AndLeavesTenantAsDestinationIntact()
    {
        await using var session = await DestinationRequestValidationTests.Session.StartAsync(
            servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "2000" });
        var http = session.Http;
        string tenantA = session.Tenant;
        string tenantB = "b" + Guid.NewGuid().ToString("N")[..10];
        string bucket = "iso-" + tenantA;
        string destinationA = "dest-a";
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        // Tenant A: an access-key destination for the radosgw user, and a successful export to it.
        string accessKeyId = await this.AddApiConformingAccessKeyAsync();
        var (created, createdBody) = await session.CreateAsync(new JsonObject
        {
            ["destinationId"] = destinationA,
            ["authMethod"] = "accessKey",
            ["bucket"] = bucket,
            ["region"] = "us-east-1",
            ["bucketPath"] = "exports",
            ["accessKeyId"] = accessKeyId,
            ["secretAccessKey"] = servers.SecretKey,
        }.ToJsonString(), tenantA);
        Assert.True(created == HttpStatusCode.Created, createdBody.ToString());
        var viewA = await session.GetAsync(destinationA, tenantA);
        string etagA = viewA.GetProperty("eTag").GetString()!;
        var secretA = Assert.Single(session.Vault.Secrets);

        string runA = await StartExportAsync(http, tenantA, destinationA);
        var doneA = await PollRunAsync(http, tenantA, runA);
        Assert.True(doneA.GetProperty("runtimeStatus").GetString() == "Completed", doneA.ToString());
        int objectsAfterA = await CountObjectsAsync(bucket);
        Assert.True(objectsAfterA > 0);

        // Tenant B has a destination of its own, so its list is not trivially empty.
        var (createdB, createdBBody) = await session.CreateAsync(new JsonObject
        {
            ["destinationId"] = "dest-b",
            ["authMethod"] = "assumeRole",
            ["bucket"] = "tenant-b-bucket",
            ["region"] = "us-east-1",
            ["roleArn"] = "arn:aws:iam::123456789012:role/tenant-b",
        }.ToJsonString(), tenantB);
        Assert.True(createdB == HttpStatusCode.Created, createdBBody.ToString());

        string routeB = $"api/tenants/{tenantB}/destinations/{destinationA}";

        using (var get = await http.GetAsync(routeB))
        {
            await AssertNotFoundProblemAsync(get, "GET");
        }

        var listB = await session.ListAsync(tenantB);
        Assert.Equal("dest-b", Assert.Single(listB.EnumerateArray()).GetProperty("destinationId").GetString());
        Assert.DoesNotContain(bucket, listB.GetRawText(), StringComparison.Ordinal);

        var takeover = new JsonObject
        {
            ["destinationId"] = destinationA,
            ["authMethod"] = "accessKey",
            ["bucket"] = "attacker-bucket",
            ["region"] = "us-east-1",
            ["accessKeyId"] = "AKIAATTACKERKEY00001",
            ["secretAccessKey"] = "attacker-secret",
        }.ToJsonString();
        using (var put = await session.PutAsync(destinationA, takeover, etagA, tenantB))
        {
            await AssertNotFoundProblemAsync(put, "PUT");
        }

        using (var delete = await http.DeleteAsync(routeB))
        {
            await AssertNotFoundProblemAsync(delete, "DELETE");
        }

        using (var validate = await http.PostAsync(routeB + "/validate", null))
        {
            await AssertNotFoundProblemAsync(validate, "validate");
        }

        using (var policy = await http.GetAsync(routeB + "/iam-policy"))
        {
            await AssertNotFoundProblemAsync(policy, "iam-policy");
        }

        using (var rotate = await http.PostAsync(routeB + "/rotate-external-id", null))
        {
            await AssertNotFoundProblemAsync(rotate, "rotate-external-id");
        }

        // An export for tenant B naming A's destination is refused at the door: for B that destination does not exist,
        // so nothing starts and B's run list stays empty.
        using (var foreignStart = await http.PostAsJsonAsync("api/exports", new { tenant = tenantB, destinationId = destinationA, report = "sessions", period = Day }))
        {
            await AssertNotFoundProblemAsync(foreignStart, "POST exports");
            string problem = await foreignStart.Content.ReadAsStringAsync();
            Assert.Contains("destinationId", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(bucket, problem, StringComparison.Ordinal);
        }

        using (var runsB = await http.GetAsync($"api/tenants/{tenantB}/runs"))
        {
            Assert.Equal(HttpStatusCode.OK, runsB.StatusCode);
            Assert.Empty((await runsB.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray());
        }

        // Runs are per tenant too.
        using (var foreignRun = await http.GetAsync($"api/tenants/{tenantB}/runs/{Uri.EscapeDataString(runA)}"))
        {
            await AssertNotFoundProblemAsync(foreignRun, "GET run");
        }

        using (var ownRun = await http.GetAsync($"api/tenants/{tenantA}/runs/{Uri.EscapeDataString(runA)}"))
        {
            Assert.Equal(HttpStatusCode.OK, ownRun.StatusCode);
            Assert.Equal(runA, (await ownRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }

        // A's destination, secret and bucket are exactly as they were.
        var afterA = await session.GetAsync(destinationA, tenantA);
        Assert.Equal(viewA.GetRawText(), afterA.GetRawText());
        Assert.Equal(etagA, afterA.GetProperty("eTag").GetString());
        Assert.Single((await session.ListAsync(tenantA)).EnumerateArray());
        var secretAfter = Assert.Single(session.Vault.Secrets);
        Assert.Equal(secretA.Key, secretAfter.Key);
        Assert.Equal(secretA.Value.Version, secretAfter.Value.Version);
        Assert.Equal(servers.SecretKey, secretAfter.Value.Value);
        Assert.Empty(session.Vault.DeletedSecretNames);
        Assert.Equal(objectsAfterA, await CountObjectsAsync(bucket));
    }

    private static async Task AssertNotFoundProblemAsync(HttpResponseMessage response, string what)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
    }

    private static async Task<string> StartExportAsync(HttpClient http, string tenant, string destinationId)
    {
        using var response = await http.PostAsJsonAsync("api/exports", new { tenant, destinationId, report = "sessions", period = Day });
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, view.ToString());
        return view.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> PollRunAsync(HttpClient http, string tenant, string runId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync($"api/tenants/{tenant}/runs/{Uri.EscapeDataString(runId)}");
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.OK, view.ToString());
            if (view.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated")
            {
                return view;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "run did not finish: " + view);
            await Task.Delay(200);
        }
    }

    private async Task<int> CountObjectsAsync(string bucket)
    {
        using var admin = servers.AdminS3();
        var listed = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return listed.S3Objects?.Count ?? 0;
    }

    /// <summary>
    /// The fixture's radosgw key ("AKIATESTERKEY", 13 characters) is shorter than the API accepts (16-128, as on AWS),
    /// so the radosgw user gets a second, AWS-shaped key with the same secret.
    /// </summary>
    private async Task<string> AddApiConformingAccessKeyAsync()
    {
        if (servers.AccessKey.Length >= 16)
        {
            return servers.AccessKey;
        }

        string accessKey = "AKIAISO" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant();
        var start = new ProcessStartInfo("radosgw-admin") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[]
                 {
                     "-c", Path.Combine(servers.RgwDir, "ceph.conf"), "key", "create", "--uid=tester", "--key-type=s3",
                     "--access-key=" + accessKey, "--secret-key=" + servers.SecretKey,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"radosgw-admin key create exited {process.ExitCode}: {await stdout} {await stderr}");
        return accessKey;
    }
}
