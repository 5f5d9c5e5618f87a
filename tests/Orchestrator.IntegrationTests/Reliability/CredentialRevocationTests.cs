using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Cli;
using Orchestrator.S3;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The destination's access key is revoked at radosgw (radosgw-admin key rm) while the export is uploading parts,
/// its secret coming from the Key Vault responder. The run must fail within a bounded time naming the S3 error,
/// must not storm the server with retries (UploadPart attempts counted at the proxy), must leave no object or
/// manifest, and must record the failure.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CredentialRevocationTests(ServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Export_AccessKeyRevokedMidUpload_FailsFastWithTheReasonAndNoRetryStorm()
    {
        string unique = Guid.NewGuid().ToString("N")[..10];
        string uid = "revoke" + unique;
        string revokedKey = "AKIAREVOKE" + unique.ToUpperInvariant();
        string revokedSecret = "revokedSecret" + Guid.NewGuid().ToString("N");
        string checkerKey = "AKIACHECK" + unique.ToUpperInvariant();
        string checkerSecret = "checkerSecret" + Guid.NewGuid().ToString("N");
        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "user", "create", $"--uid={uid}", "--display-name=Revoked", $"--access-key={revokedKey}", $"--secret-key={revokedSecret}");
        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "key", "create", $"--uid={uid}", "--key-type=s3", $"--access-key={checkerKey}", $"--secret-key={checkerSecret}");
        using var owner = new AmazonS3Client(new BasicAWSCredentials(checkerKey, checkerSecret), S3ClientProvider.CreateConfig(servers.S3Options, "us-east-1"));
        string bucket = "revoke-" + unique;
        await owner.PutBucketAsync(bucket);

        await using var vault = await KeyVaultResponder.StartNewAsync();
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        var settings = new Dictionary<string, string?>(vault.RunnerSettings)
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["Reports:SyntheticRows"] = "600000",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "2",
            ["Export:Compression"] = "None",
        };
        await using var runner = await RunnerSession.StartAsync(servers, settings, s => vault.AddTo(s, new StaticTokenCredential()));
        var destination = await DestinationCommand.SaveAsync(
            runner.App.Services,
            new Destination
            {
                TenantId = runner.Tenant,
                DestinationId = "dest-revoke",
                Bucket = bucket,
                Region = "us-east-1",
                BucketPath = "revoked",
                AuthMethod = AuthMethod.AccessKey,
                AccessKeyId = revokedKey,
            },
            revokedSecret,
            CancellationToken.None);
        Assert.Single(vault.Secrets);
        var request = runner.Request(destination);

        // Hold the network at the 3rd UploadPart long enough to revoke the key: the held parts reach radosgw after it.
        proxy.BlackholeOnRequest(r => r.IsUploadPart, 3, TimeSpan.FromSeconds(4));
        var outcome = await ExportRunStarter.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        using (var held = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (proxy.Mode != ProxyMode.Blackhole)
            {
                await Task.Delay(10, held.Token);
            }
        }

        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "key", "rm", $"--uid={uid}", "--key-type=s3", $"--access-key={revokedKey}");
        var revokedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = await runner.WaitAsync(outcome.InstanceId, TimeSpan.FromMinutes(2));
        var failedAfter = clock.Elapsed;

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = run.FailureDetails?.ErrorMessage ?? string.Empty;
        Assert.True(error.Contains("InvalidAccessKeyId", StringComparison.Ordinal) || error.Contains("AccessDenied", StringComparison.Ordinal), error);
        Assert.True(failedAfter < TimeSpan.FromSeconds(30), $"took {failedAfter} to fail after the revocation (a permanent error must not go through the ~90 s transient retry policy)");

        var afterRevocation = proxy.Requests.Where(r => r.At >= revokedAt.AddSeconds(-1)).ToList();
        var partAttempts = afterRevocation.Where(r => r.IsUploadPart).GroupBy(r => r.PartNumber).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(partAttempts, p => Assert.True(p.Value < 3, $"part {p.Key} was attempted {p.Value} times after the revocation: {string.Join(", ", afterRevocation.Select(r => r.Method + " " + r.Target))}"));
        int abortAttempts = afterRevocation.Count(r => r.Method == "DELETE" && r.Target.Contains("uploadId=", StringComparison.Ordinal));
        Assert.InRange(abortAttempts, 1, 3); // it tried to abort, and did not hammer
        Assert.True(afterRevocation.Count < 20, $"{afterRevocation.Count} requests after the revocation is a retry storm");

        // The record names the failure; no object or manifest was published.
        var record = await ScenarioInvariants.RunRecordAsync(servers, runner.Tenant, run.InstanceId);
        Assert.Equal("Failed", record.GetString("Status"));
        string recorded = record.GetString("Error") ?? string.Empty;
        Assert.True(recorded.Contains("InvalidAccessKeyId", StringComparison.Ordinal) || recorded.Contains("AccessDenied", StringComparison.Ordinal), recorded);
        var listing = await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(listing.S3Objects ?? []);
        var uploads = await owner.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        int left = (uploads.MultipartUploads ?? []).Count;
        ReliabilitySupport.Report(
            output,
            "credentials-revoked",
            string.Create(CultureInfo.InvariantCulture, $"failedAfter={failedAfter.TotalSeconds:F1}s requestsAfterRevocation={afterRevocation.Count} maxAttemptsPerPart={(partAttempts.Count == 0 ? 0 : partAttempts.Values.Max())} abortAttempts={abortAttempts} uploadsLeft={left} error=\"{error}\""));

        // The upload cannot be aborted with the revoked key itself; what is left must be only that one upload,
        // and the bucket owner's other key can abort it (customers: lifecycle rule AbortIncompleteMultipartUpload).
        Assert.True(left <= 1, $"{left} multipart uploads left");
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            Assert.Equal(ExportNaming.ObjectKey(destination.BucketPath, request.Report, request.Period, ExportCompression.None), upload.Key);
            await owner.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
        }
    }
}
