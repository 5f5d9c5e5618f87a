using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Iam;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// radosgw enforces role permission policies: the policy we generate is enough to export through AssumeRole, the
/// connection test pinpoints a missing action, and an untrusted role fails at the credentials check.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RolePolicyTests(ServersFixture servers)
{
    [Fact]
    public async Task GeneratedPolicy_AppliedToRadosgwRole_ExportsAndValidatesThenPinpointsMissingPutObject()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "30000",
        });
        using var http = TestIssuer.Http(port);
        string bucket = "role-" + runner.Tenant;
        string role = "Export" + runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        await CreateRoleAsync(role, trustedUser: "tester");
        using var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
        {
            destinationId = "by-role",
            authMethod = "assumeRole",
            bucket,
            region = "us-east-1",
            bucketPath = "exports/acme",
            roleArn = $"arn:aws:iam:::role/{role}",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var destination = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("orch-", destination.GetProperty("externalId").GetString(), StringComparison.Ordinal);

        var policies = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/destinations/by-role/iam-policy");
        var permission = JsonNode.Parse(policies.GetProperty("permissionPolicy").GetRawText())!.AsObject();
        Assert.Equal(destination.GetProperty("externalId").GetString(), policies.GetProperty("trustPolicy").GetProperty("Statement")[0].GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        await PutRolePolicyAsync(role, permission);

        var run = await runner.RunExportAsync(new ExportRequest(runner.Tenant, "by-role", "sessions", new DateOnly(2026, 11, 24)));
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        using (var admin = servers.AdminS3())
        {
            var result = run.ReadOutputAs<ExportResult>()!;
            Assert.StartsWith("exports/acme/sessions/", result.ObjectKey, StringComparison.Ordinal);
            Assert.True((await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(runner.Tenant, "sessions", new DateOnly(2026, 11, 24)), CancellationToken.None)).IsValid);
        }

        var allowed = await ValidateAsync(http, runner.Tenant, "by-role");
        Assert.True(allowed.GetProperty("passed").GetBoolean(), allowed.ToString());
        // The generated policy lets the Object Lock check read the bucket's configuration (no probe upload needed).
        Assert.Equal(
            $"Object Lock is not enabled on bucket '{allowed.GetProperty("checks")[8].GetProperty("message").GetString()!.Split('\'')[1]}'.",
            allowed.GetProperty("checks")[8].GetProperty("message").GetString());

        await PutRolePolicyAsync(role, IamPolicyGenerator.Without(permission, "s3:PutObject"));
        var denied = await ValidateAsync(http, runner.Tenant, "by-role");

        Assert.False(denied.GetProperty("passed").GetBoolean());
        var checks = denied.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["credentials", "bucketExists", "region", "listBucket", "putObject", "getObject", "multipartUpload", "deleteObject", "objectLock"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks.Take(4), c => Assert.Equal("Passed", c.GetProperty("status").GetString()));
        Assert.Equal("Failed", checks[4].GetProperty("status").GetString());
        Assert.Contains("s3:PutObject", checks[4].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.All(checks.Skip(5), c => Assert.Equal("Skipped", c.GetProperty("status").GetString()));
        using (var admin = servers.AdminS3())
        {
            var left = await admin.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = "exports/acme/" + Orchestrator.Validation.ValidationNaming.ProbeFolder });
            Assert.Empty(left.S3Objects ?? []); // the probe never survives
        }
    }

    [Fact]
    public async Task Validate_RoleThatDoesNotTrustUs_FailsAtTheCredentialsCheck()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);
        string role = "Untrusted" + runner.Tenant;
        await CreateRoleAsync(role, trustedUser: "someone-else");
        using var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
        {
            destinationId = "untrusted",
            authMethod = "assumeRole",
            bucket = "whatever-" + runner.Tenant,
            region = "us-east-1",
            roleArn = $"arn:aws:iam:::role/{role}",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var report = await ValidateAsync(http, runner.Tenant, "untrusted");

        var first = report.GetProperty("checks")[0];
        Assert.Equal("credentials", first.GetProperty("name").GetString());
        Assert.Equal("Failed", first.GetProperty("status").GetString());
        Assert.Equal("AccessDenied", first.GetProperty("errorCode").GetString());
        Assert.Contains("sts:ExternalId", first.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_RoleThatDoesNotTrustUs_FailsNamingAssumeRoleTheRoleAndTheExternalIdWithAnEmptyResult()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);
        string bucket = "denied-" + runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        string role = "Denied" + runner.Tenant;
        string roleArn = $"arn:aws:iam:::role/{role}";
        await CreateRoleAsync(role, trustedUser: "someone-else");
        using var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
        {
            destinationId = "denied",
            authMethod = "assumeRole",
            bucket,
            region = "us-east-1",
            roleArn,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var run = await runner.RunExportAsync(new ExportRequest(runner.Tenant, "denied", "sessions", new DateOnly(2026, 11, 24)));
        using var detail = await http.GetAsync(new Uri($"api/tenants/{runner.Tenant}/runs/{Uri.EscapeDataString(run.InstanceId)}", UriKind.Relative));
        var view = await detail.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = view.GetProperty("error").GetString()!;
        Assert.StartsWith("STS AssumeRole", error, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error, StringComparison.Ordinal);
        Assert.Contains(roleArn, error, StringComparison.Ordinal);
        Assert.Contains("sts:ExternalId", error, StringComparison.Ordinal);
        Assert.Contains("iam-policy", error, StringComparison.Ordinal);
        Assert.True(error.Contains("iam-policy", StringComparison.Ordinal), error);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("result").ValueKind);
        Assert.Equal(error, view.GetProperty("record").GetProperty("error").GetString());
    }

    private static async Task<JsonElement> ValidateAsync(HttpClient http, string tenant, string id)
    {
        using var response = await http.PostAsync($"api/tenants/{tenant}/destinations/{id}/validate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> CreateRoleAsync(string role, string trustedUser) => Repo.RunScriptAsync(
        "rgw-admin.sh",
        servers.RgwDir,
        "role",
        "create",
        $"--role-name={role}",
        "--path=/",
        "--assume-role-policy-doc=" + JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Effect = "Allow", Principal = new { AWS = new[] { $"arn:aws:iam:::user/{trustedUser}" } }, Action = new[] { "sts:AssumeRole" } } },
        }));

    private Task<string> PutRolePolicyAsync(string role, JsonObject policy) => Repo.RunScriptAsync(
        "rgw-admin.sh", servers.RgwDir, "role-policy", "put", $"--role-name={role}", "--policy-name=Export", "--policy-doc=" + policy.ToJsonString());
}
