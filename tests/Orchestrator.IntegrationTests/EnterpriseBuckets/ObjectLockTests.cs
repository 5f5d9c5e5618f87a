using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.S3Front;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Orchestrator.S3;
using Xunit;

namespace Orchestrator.IntegrationTests.EnterpriseBuckets;

/// <summary>
/// Object Lock buckets (issue 14 item 3). The bucket is a real radosgw Object Lock bucket (default retention
/// GOVERNANCE); radosgw 16 does not refuse uploads without an integrity header, so the S3 front in front of it
/// refuses them as AWS does. A multi-part export is accepted (every part carried x-amz-checksum-crc32c), reads back
/// intact through radosgw directly and through the aws CLI, and the connection test reports the lock.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ObjectLockTests(ServersFixture servers) : IAsyncLifetime
{
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
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "250000",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "3",
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
    public async Task Export_ObjectLockBucket_AcceptsEveryPartAndReadsBackIntact()
    {
        string bucket = await this.CreateLockBucketAsync("export");
        var destination = await this.runner.AddAccessKeyDestinationAsync(servers, bucket, "locked path", createBucket: false);

        // The front enforces the rule: an upload without integrity header is refused, as by AWS.
        using (var plain = this.FrontClient())
        {
            var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "control.txt", ContentBody = "x" }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("InvalidRequest", refused.ErrorCode);
        }

        var request = this.runner.Request(destination);
        var run = await this.runner.RunExportAsync(request);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ExportResult>()!;
        Assert.True(result.Parts >= 2, $"expected several parts, got {result.Parts}");
        var parts = this.front.Requests.Where(r => r.Bucket == bucket && r.IsUploadPart).ToList();
        Assert.Equal(result.Parts, parts.Count);
        Assert.All(parts, p => Assert.Equal(200, p.Status));
        Assert.All(parts, p => Assert.Contains("x-amz-checksum-crc32c", p.IntegrityHeaders));
        Assert.Contains(this.front.Requests, r => r.Bucket == bucket && r.IsUpload && !r.IsUploadPart && r.Key == result.ManifestKey && r.Status == 200);

        // Read back around our code: radosgw directly, and the aws CLI (an independent S3 client).
        using var admin = servers.AdminS3();
        var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(this.runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.IsValid, "object, manifest and generated report must agree");
        Assert.Equal(250_000, verification.Rows);
        byte[] viaCli = await AwsCliGetAsync(bucket, result.ObjectKey);
        Assert.Equal(result.Bytes, viaCli.LongLength);
        Assert.Equal(result.Crc32C, Crc32C.ToBase64(Crc32C.Compute(viaCli)));
    }

    [Fact]
    public async Task Validate_ObjectLockBucket_PassesAndReportsTheLock()
    {
        string locked = await this.CreateLockBucketAsync("validate");
        string plain = "plain-validate-" + this.runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(plain);
        }

        var lockedReport = await this.ValidateAsync("locked", locked);
        var plainReport = await this.ValidateAsync("plain", plain);

        Assert.True(lockedReport.GetProperty("passed").GetBoolean(), lockedReport.ToString());
        Assert.Contains("Object Lock is enabled", ObjectLockMessage(lockedReport), StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE for 1 days", ObjectLockMessage(lockedReport), StringComparison.Ordinal);
        Assert.True(plainReport.GetProperty("passed").GetBoolean(), plainReport.ToString());
        Assert.Contains("Object Lock is not enabled", ObjectLockMessage(plainReport), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ObjectLockConfigurationNotReadable_ProbeUploadTellsLockedFromPlainAndLeavesNothing()
    {
        string locked = await this.CreateLockBucketAsync("probe");
        string plain = "plain-probe-" + this.runner.Tenant;
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(plain);
        this.front.DenyObjectLockConfiguration(locked);
        this.front.DenyObjectLockConfiguration(plain);

        var lockedReport = await this.ValidateAsync("locked-probe", locked);
        var plainReport = await this.ValidateAsync("plain-probe", plain);

        Assert.True(lockedReport.GetProperty("passed").GetBoolean(), lockedReport.ToString());
        Assert.Contains("Object Lock is enabled", ObjectLockMessage(lockedReport), StringComparison.Ordinal);
        Assert.Contains("probe upload without integrity header", ObjectLockMessage(lockedReport), StringComparison.Ordinal);
        Assert.True(plainReport.GetProperty("passed").GetBoolean(), plainReport.ToString());
        Assert.Contains("Object Lock is not enforced", ObjectLockMessage(plainReport), StringComparison.Ordinal);
        foreach (string bucket in new[] { locked, plain })
        {
            Assert.Contains(this.front.Requests, r => r.Bucket == bucket && r.Method == "GET" && r.Key is null && r.Query.Contains("object-lock", StringComparison.Ordinal) && r.Status == 403);
            Assert.Contains(this.front.Requests, r => r.Bucket == bucket && r.IsUpload && r.IntegrityHeaders.Count == 0);
        }

        // The probe the plain bucket accepted was deleted again; the locked bucket refused it, so nothing is there either.
        foreach (string bucket in new[] { locked, plain })
        {
            var left = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
            Assert.Empty(left.S3Objects ?? []);
        }
    }

    private static string ObjectLockMessage(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "objectLock").GetProperty("message").GetString()!;

    private async Task<string> CreateLockBucketAsync(string name)
    {
        string bucket = $"lock-{name}-{this.runner.Tenant}";
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        await admin.PutObjectLockConfigurationAsync(new PutObjectLockConfigurationRequest
        {
            BucketName = bucket,
            ObjectLockConfiguration = new ObjectLockConfiguration
            {
                ObjectLockEnabled = ObjectLockEnabled.Enabled,
                Rule = new ObjectLockRule { DefaultRetention = new DefaultRetention { Mode = ObjectLockRetentionMode.Governance, Days = 1 } },
            },
        });
        this.front.LockBucket(bucket);
        return bucket;
    }

    private async Task<JsonElement> ValidateAsync(string id, string bucket)
    {
        using (var created = await this.http.PostAsJsonAsync($"api/tenants/{this.runner.Tenant}/destinations", new
        {
            destinationId = id,
            authMethod = "accessKey",
            bucket,
            region = "us-east-1",
            bucketPath = "exports",
            accessKeyId = servers.AccessKey,
            secretAccessKey = servers.SecretKey,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await this.http.PostAsync($"api/tenants/{this.runner.Tenant}/destinations/{id}/validate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private AmazonS3Client FrontClient()
    {
        var options = servers.S3Options;
        options.ServiceUrl = this.front.ServiceUrl;
        return new AmazonS3Client(new BasicAWSCredentials(servers.AccessKey, servers.SecretKey), S3ClientProvider.CreateConfig(options, "us-east-1"));
    }

    /// <summary>Downloads with the aws CLI straight from radosgw (not through the front, not through our code).</summary>
    private async Task<byte[]> AwsCliGetAsync(string bucket, string key)
    {
        string file = Path.Combine(Path.GetTempPath(), "objectlock-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "s3api", "get-object", "--endpoint-url", servers.S3Endpoint, "--bucket", bucket, "--key", key, file })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = servers.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = servers.SecretKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment.Remove("AWS_CA_BUNDLE");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "aws s3api get-object failed: " + await stderr);
        try
        {
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
