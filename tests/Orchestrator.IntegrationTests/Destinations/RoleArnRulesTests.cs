using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// Issue 13 item 5 through the real HTTP API and CLI: a role ARN needs a 12-digit account (an empty one only with a
/// local STS server), never one of the service's own accounts, in the partition of the destination's region; the
/// ExternalId is always the service's; a trust policy without our principal configured is an operator error.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RoleArnRulesTests(ServersFixture servers)
{
    private const string OurAccount = "111122223333";

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/exporter", "us-east-1", "own AWS accounts")]
    [InlineData("arn:aws-cn:iam::123456789012:role/exporter", "us-east-1", "partition 'aws'")]
    [InlineData("arn:aws:iam::123456789012:role/exporter", "cn-north-1", "partition 'aws-cn'")]
    [InlineData("arn:aws:iam::123456789012:role/exporter", "us-gov-west-1", "partition 'aws-us-gov'")]
    [InlineData("arn:aws-iso:iam::123456789012:role/exporter", "us-east-1", "aws-us-gov")]
    public async Task PostRoleDestination_ArnBreaksARule_400NamingRoleArnAndNothingStored(string roleArn, string region, string expected)
    {
        await using var runner = await StartAsync(new() { ["Sts:ServiceAccountIds:0"] = OurAccount });
        using var http = Http(runner);

        using var response = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", Role(roleArn, region));

        string problem = await AssertRoleArnProblemAsync(response);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Null(await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, "by-role", CancellationToken.None));
    }

    [Fact]
    public async Task PostRoleDestination_EmptyAccount_AcceptedOnlyWithALocalStsServer()
    {
        await using (var local = await StartAsync(new()))
        {
            using var http = Http(local);
            using var created = await http.PostAsJsonAsync($"api/tenants/{local.Tenant}/destinations", Role("arn:aws:iam:::role/CustomerUploadRole", "us-east-1"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var aws = await StartAsync(new() { ["S3:StsServiceUrl"] = string.Empty });
        using var awsHttp = Http(aws);
        using var refused = await awsHttp.PostAsJsonAsync($"api/tenants/{aws.Tenant}/destinations", Role("arn:aws:iam:::role/CustomerUploadRole", "us-east-1"));
        string problem = await AssertRoleArnProblemAsync(refused);
        Assert.Contains("12-digit", problem, StringComparison.Ordinal);
        Assert.Contains("S3:StsServiceUrl", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostRoleDestination_CustomerChosenExternalId_400NamingExternalId()
    {
        await using var runner = await StartAsync(new());
        using var http = Http(runner);
        var body = new Dictionary<string, object?>(Role("arn:aws:iam::123456789012:role/exporter", "us-east-1")) { ["externalId"] = "chosen-by-customer" };

        using var response = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("externalId", out _), errors.GetRawText());
    }

    [Fact]
    public async Task IamPolicy_NoServicePrincipalConfigured_RoleIs500ProblemNamingTheSettingAccessKeyStill200()
    {
        await using var runner = await StartAsync(new() { ["Sts:TrustedPrincipalArns:0"] = null });
        using var http = Http(runner);
        using (var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", Role("arn:aws:iam::123456789012:role/exporter", "eu-west-1")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var keys = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
        {
            destinationId = "keys", authMethod = "accessKey", bucket = "a-bucket", region = "eu-west-1", accessKeyId = servers.AccessKey, secretAccessKey = servers.SecretKey,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, keys.StatusCode);
        }

        using var policy = await http.GetAsync($"api/tenants/{runner.Tenant}/destinations/by-role/iam-policy");
        string text = await policy.Content.ReadAsStringAsync();
        Assert.True(policy.StatusCode == HttpStatusCode.InternalServerError, text);
        Assert.Equal("application/problem+json", policy.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Sts:TrustedPrincipalArns", problem.GetProperty("setting").GetString());
        Assert.Contains("Sts:TrustedPrincipalArns", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var keyPolicy = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/destinations/keys/iam-policy");
        Assert.Equal(JsonValueKind.Null, keyPolicy.GetProperty("trustPolicy").ValueKind);
        Assert.StartsWith("arn:aws:s3:::a-bucket", keyPolicy.GetProperty("permissionPolicy").GetProperty("Statement")[0].GetProperty("Resource").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamPolicy_ChinaRegion_UsesTheAwsCnPartition()
    {
        await using var runner = await StartAsync(new());
        using var http = Http(runner);
        using (var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", Role("arn:aws-cn:iam::123456789012:role/exporter", "cn-north-1")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var policies = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/destinations/by-role/iam-policy");

        foreach (var statement in policies.GetProperty("permissionPolicy").GetProperty("Statement").EnumerateArray())
        {
            Assert.StartsWith("arn:aws-cn:s3:::a-bucket", statement.GetProperty("Resource").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CliDestinationAdd_RoleInOurAccountOrExternalIdOption_RefusedAndNothingStored()
    {
        await using var runner = await StartAsync(new());
        var settings = RunnerSession.BaseSettings(servers, runner.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orchestrator.Options.SecretStoreOptions>>().Value.LocalFile!);
        settings["Sts:ServiceAccountIds:0"] = OurAccount;
        string[] add = ["destination", "add", "--tenant", runner.Tenant, "--id", "by-role", "--bucket", "a-bucket"];

        var (ours, oursOutput) = await CliProcess.RunAsync(settings, [.. add, "--role-arn", $"arn:aws:iam::{OurAccount}:role/exporter"]);
        var (chosen, chosenOutput) = await CliProcess.RunAsync(settings, [.. add, "--role-arn", "arn:aws:iam::123456789012:role/exporter", "--external-id", "chosen"]);

        Assert.True(ours == 2, oursOutput);
        Assert.Contains("roleArn", oursOutput, StringComparison.Ordinal);
        Assert.Contains("own AWS accounts", oursOutput, StringComparison.Ordinal);
        Assert.True(chosen != 0, chosenOutput);
        Assert.Contains("--external-id", chosenOutput, StringComparison.Ordinal);
        Assert.Null(await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, "by-role", CancellationToken.None));
    }

    private static Dictionary<string, object?> Role(string roleArn, string region) => new()
    {
        ["destinationId"] = "by-role",
        ["authMethod"] = "assumeRole",
        ["bucket"] = "a-bucket",
        ["region"] = region,
        ["roleArn"] = roleArn,
    };

    private static async Task<string> AssertRoleArnProblemAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Equal(["roleArn"], errors.EnumerateObject().Select(p => p.Name));
        return errors.GetProperty("roleArn")[0].GetString()!;
    }

    private static HttpClient Http(RunnerSession runner) =>
        TestIssuer.Authorize(new HttpClient { BaseAddress = new Uri(runner.App.Services.GetRequiredService<IConfiguration>()["Runner:ApiUrl"] + "/") });

    private Task<RunnerSession> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Runner:ApiUrl"] = $"http://127.0.0.1:{FreePort.Next()}";
        settings["Secrets:LocalFile"] = RunnerSession.SecretsFile("role-rules");
        return RunnerSession.StartAsync(servers, settings);
    }
}
