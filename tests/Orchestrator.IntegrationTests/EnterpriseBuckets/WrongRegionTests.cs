using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.S3Front;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.EnterpriseBuckets;

/// <summary>
/// A bucket whose real region differs from the one entered (issue 14 item 4), through the S3 front that answers as AWS
/// does (301 PermanentRedirect + x-amz-bucket-region) in front of radosgw: the connection test and a run both name
/// the right region as the fix; the run fails fast (no retries, no upload left), never with a generic AccessDenied.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class WrongRegionTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Entered = "eu-west-1";
    private const string Actual = "us-east-1";
    private S3FrontResponder front = null!;
    private RunnerSession runner = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        this.front = await S3FrontResponder.StartAsync(servers.S3Endpoint);
        int port = FreePort.Next();
        this.runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = this.front.ServiceUrl,
            ["S3:AuthenticationRegion"] = null, // sign for the destination's region, as against AWS
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Export:Compression"] = "None",
        });
        this.http = TestIssuer.Http(port);
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.runner.DisposeAsync();
        await this.front.DisposeAsync();
    }

    [Fact]
    public async Task Validate_BucketInAnotherRegion_NamesTheBucketsRegionAsTheFix()
    {
        string bucket = await this.CreateAsync("validate");

        using var response = await this.http.PostAsync($"api/tenants/{this.runner.Tenant}/destinations/validate/validate", null);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(report.GetProperty("passed").GetBoolean(), report.ToString());
        var failed = report.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("status").GetString() == "Failed");
        Assert.Equal("region", failed.GetProperty("name").GetString());
        Assert.Equal("RegionMismatch", failed.GetProperty("errorCode").GetString());
        Assert.Contains($"Change the destination's region to {Actual}", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(this.front.Requests, r => r.Bucket == bucket && r.IsUpload && r.Status < 300);
    }

    [Fact]
    public async Task Export_BucketInAnotherRegion_FailsFastNamingTheRegionAndLeavesNothing()
    {
        string bucket = await this.CreateAsync("run");
        var destination = new Domain.Destination { TenantId = this.runner.Tenant, DestinationId = "run", Bucket = bucket, Region = Entered };

        var run = await this.runner.RunExportAsync(this.runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = run.FailureDetails!.ErrorMessage;
        Assert.Contains($"The bucket '{bucket}' is in region {Actual}, not in {Entered} as the destination says: change the destination's region to {Actual}.", error, StringComparison.Ordinal);
        Assert.Contains("PermanentRedirect", error, StringComparison.Ordinal);
        Assert.DoesNotContain("AccessDenied", error, StringComparison.Ordinal);

        // Fail fast: the redirect is permanent, so no step retried it (one ListMultipartUploads and one
        // CreateMultipartUpload at most, each sent once), and nothing reached the bucket.
        var redirected = this.front.Requests.Where(r => r.Bucket == bucket).ToList();
        Assert.All(redirected, r => Assert.Equal((int)HttpStatusCode.MovedPermanently, r.Status));
        Assert.InRange(redirected.Count, 1, 2);
        using var admin = servers.AdminS3();
        Assert.Empty((await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
        Assert.Empty((await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }

    private async Task<string> CreateAsync(string id)
    {
        string bucket = $"region-{id}-{this.runner.Tenant}";
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        this.front.PlaceBucket(bucket, Actual);
        using var response = await this.http.PostAsJsonAsync($"api/tenants/{this.runner.Tenant}/destinations", new
        {
            destinationId = id,
            authMethod = "accessKey",
            bucket,
            region = Entered,
            bucketPath = "exports",
            accessKeyId = servers.AccessKey,
            secretAccessKey = servers.SecretKey,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return bucket;
    }
}
