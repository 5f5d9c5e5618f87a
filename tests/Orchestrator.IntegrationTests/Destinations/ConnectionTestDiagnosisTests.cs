using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>Each misconfiguration gets its own diagnosis from the connection test, at the check where it shows.</summary>
[Collection(ServersCollection.Name)]
public sealed class ConnectionTestDiagnosisTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly StaticTokenCredential credential = new();
    private KeyVaultResponder vault = null!;
    private RunnerSession runner = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        this.vault = await KeyVaultResponder.StartNewAsync();
        int port = FreePort.Next();
        var settings = new Dictionary<string, string?>(this.vault.RunnerSettings) { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" };
        this.runner = await RunnerSession.StartAsync(servers, settings, s => this.vault.AddTo(s, this.credential));
        this.http = TestIssuer.Http(port);
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.runner.DisposeAsync();
        await this.vault.DisposeAsync();
    }

    [Fact]
    public async Task Validate_CorrectAccessKeyDestination_PassesEveryCheckAndLeavesNoProbe()
    {
        string bucket = await this.CreateBucketAsync("ok");
        await this.CreateAsync("ok", bucket, "us-east-1", servers.SecretKey);

        var report = await this.ValidateAsync("ok");

        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Equal(Orchestrator.Validation.Models.DestinationChecks.InOrder.Count, report.GetProperty("checks").GetArrayLength());
        using var admin = servers.AdminS3();
        Assert.Empty((await admin.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
        Assert.Empty((await admin.ListMultipartUploadsAsync(new Amazon.S3.Model.ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }

    [Fact]
    public async Task Validate_WrongRegion_FailsAtRegionNamingTheBucketsRealRegion()
    {
        string bucket = await this.CreateBucketAsync("region");
        await this.CreateAsync("region", bucket, "eu-west-1", servers.SecretKey);

        var failed = FirstFailure(await this.ValidateAsync("region"));

        Assert.Equal("region", failed.GetProperty("name").GetString());
        Assert.Equal("RegionMismatch", failed.GetProperty("errorCode").GetString());
        Assert.Contains("us-east-1", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingBucket_FailsAtBucketExists()
    {
        await this.CreateAsync("nobucket", "no-such-bucket-" + this.runner.Tenant, "us-east-1", servers.SecretKey);

        var failed = FirstFailure(await this.ValidateAsync("nobucket"));

        Assert.Equal("bucketExists", failed.GetProperty("name").GetString());
        Assert.Equal("NoSuchBucket", failed.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Validate_WrongSecret_FailsAtBucketExistsSayingTheKeysAreWrong()
    {
        string bucket = await this.CreateBucketAsync("badkey");
        await this.CreateAsync("badkey", bucket, "us-east-1", "not-the-secret");

        var failed = FirstFailure(await this.ValidateAsync("badkey"));

        Assert.Equal("bucketExists", failed.GetProperty("name").GetString());
        Assert.Contains("secret key", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SecretMissingFromKeyVault_FailsAtCredentialsWithSecretNotFound()
    {
        string bucket = await this.CreateBucketAsync("nosecret");
        await this.CreateAsync("nosecret", bucket, "us-east-1", servers.SecretKey);
        string secretName = Assert.Single(this.vault.Secrets.Keys, k => k.Contains("nosecret", StringComparison.Ordinal));
        await this.vault.CreateClient(this.credential).StartDeleteSecretAsync(secretName);

        var failed = FirstFailure(await this.ValidateAsync("nosecret"));

        Assert.Equal("credentials", failed.GetProperty("name").GetString());
        Assert.Equal("SecretNotFound", failed.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Validate_KeyVaultForbidsOurIdentity_FailsAtCredentialsWithForbidden()
    {
        string bucket = await this.CreateBucketAsync("forbidden");
        await this.CreateAsync("forbidden", bucket, "us-east-1", servers.SecretKey);
        this.vault.Forbid(Assert.Single(this.vault.Secrets.Keys, k => k.Contains("forbidden", StringComparison.Ordinal)));

        var failed = FirstFailure(await this.ValidateAsync("forbidden"));

        Assert.Equal("credentials", failed.GetProperty("name").GetString());
        Assert.Equal("Forbidden", failed.GetProperty("errorCode").GetString());
        Assert.Contains("Key Vault Secrets User", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destination_CreateRotateDelete_SecretLivesOnlyInKeyVaultWithNewVersionsAndIsDeleted()
    {
        string bucket = await this.CreateBucketAsync("cycle");
        var created = await this.CreateAsync("cycle", bucket, "us-east-1", "first-secret-value");
        string secretName = Assert.Single(this.vault.Secrets.Keys, k => k.Contains("cycle", StringComparison.Ordinal));
        Assert.Equal("first-secret-value", this.vault.Secrets[secretName].Value);
        Assert.True(created.GetProperty("hasSecretKey").GetBoolean());
        Assert.DoesNotContain("first-secret-value", created.GetRawText(), StringComparison.Ordinal);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/tenants/{this.runner.Tenant}/destinations/cycle")
        {
            Content = JsonContent.Create(new { authMethod = "accessKey", bucket, region = "us-east-1", accessKeyId = servers.AccessKey, secretAccessKey = "second-secret-value" }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", created.GetProperty("eTag").GetString());
        using var updated = await this.http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("second-secret-value", this.vault.Secrets[secretName].Value);
        Assert.Equal(2, this.vault.Versions(secretName).Count);
        Assert.DoesNotContain("second-secret-value", await updated.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var deleted = await this.http.DeleteAsync($"api/tenants/{this.runner.Tenant}/destinations/cycle");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(secretName, this.vault.Secrets.Keys);
        using var gone = await this.http.GetAsync($"api/tenants/{this.runner.Tenant}/destinations/cycle");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static JsonElement FirstFailure(JsonElement report)
    {
        Assert.False(report.GetProperty("passed").GetBoolean());
        return report.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("status").GetString() == "Failed");
    }

    private async Task<string> CreateBucketAsync(string name)
    {
        string bucket = $"{name}-{this.runner.Tenant}";
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(bucket);
        return bucket;
    }

    private async Task<JsonElement> CreateAsync(string id, string bucket, string region, string secret)
    {
        using var response = await this.http.PostAsJsonAsync($"api/tenants/{this.runner.Tenant}/destinations", new
        {
            destinationId = id,
            authMethod = "accessKey",
            bucket,
            region,
            bucketPath = "subfolder name",
            accessKeyId = servers.AccessKey,
            secretAccessKey = secret,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> ValidateAsync(string id)
    {
        using var response = await this.http.PostAsync($"api/tenants/{this.runner.Tenant}/destinations/{id}/validate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
