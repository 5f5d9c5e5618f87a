using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Iam;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
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
        using var user = await RevocableS3User.CreateAsync(servers, "revoke");
        var owner = user.Owner;
        string bucket = "revoke-" + Guid.NewGuid().ToString("N")[..10];
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
        var destination = await user.AddDestinationAsync(runner, "dest-revoke", bucket, "revoked");
        Assert.Single(vault.Secrets);
        var request = runner.Request(destination);

        // Hold the network at the 3rd UploadPart long enough to revoke the key: the held parts reach radosgw after it.
        proxy.BlackholeOnRequest(r => r.IsUploadPart, 3, TimeSpan.FromSeconds(4));
        var outcome = await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        var (run, revokedAt, failedAfter) = await user.RevokeDuringHoldAsync(proxy, runner, outcome.InstanceId);
        string error = run.FailureDetails?.ErrorMessage ?? string.Empty;

        var traffic = UploadTraffic.Since(proxy, revokedAt);
        var afterRevocation = traffic.Requests;
        Assert.All(traffic.PartAttempts, p => Assert.True(p.Value < 3, $"part {p.Key} was attempted {p.Value} times after the revocation: {string.Join(", ", afterRevocation.Select(r => r.Method + " " + r.Target))}"));
        int abortAttempts = traffic.Aborts;
        Assert.InRange(abortAttempts, 1, 3); // it tried to abort, and did not hammer
        Assert.True(afterRevocation.Count < 20, $"{afterRevocation.Count} requests after the revocation is a retry storm");

        // The record names the failure; no object or manifest was published.
        var record = await ScenarioInvariants.RunRecordAsync(servers, runner.Tenant, run.InstanceId);
        Assert.Equal("Failed", record.GetString("Status"));
        RevocableS3User.AssertAccessError(record.GetString("Error"));
        var listing = await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(listing.S3Objects ?? []);
        var uploads = await owner.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        int left = (uploads.MultipartUploads ?? []).Count;
        ReliabilitySupport.Report(
            output,
            "credentials-revoked",
            string.Create(CultureInfo.InvariantCulture, $"failedAfter={failedAfter.TotalSeconds:F1}s requestsAfterRevocation={afterRevocation.Count} maxAttemptsPerPart={traffic.MaxAttemptsPerPart} abortAttempts={abortAttempts} uploadsLeft={left} error=\"{error}\""));

        // The upload cannot be aborted with the revoked key itself; what is left must be only that one upload,
        // and the bucket owner's other key can abort it (customers: lifecycle rule AbortIncompleteMultipartUpload).
        Assert.True(left <= 1, $"{left} multipart uploads left");
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            Assert.Equal(ExpectedExportKeys.Object(destination.BucketPath, request.Report, request.Period, gzip: false), upload.Key);
            await owner.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
        }
    }

    [Fact]
    public async Task Export_RolePolicyLosesPutObjectMidUpload_FailsFastAbortsTheUploadAndRecordsTheReason()
    {
        string role = "Revoked" + Guid.NewGuid().ToString("N")[..10];
        await Repo.RunScriptAsync(
            "rgw-admin.sh", servers.RgwDir, "role", "create", $"--role-name={role}", "--path=/",
            """--assume-role-policy-doc={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/tester"]},"Action":["sts:AssumeRole"]}]}""");
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        var sts = new RecordingStsClient(
            new BasicAWSCredentials(servers.AccessKey, servers.SecretKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = proxy.Url.ToString(), AuthenticationRegion = "us-east-1" });
        string hub = "rolerev" + Guid.NewGuid().ToString("N")[..12];
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(
            servers,
            ReliabilitySupport.SlowExportSettings(proxy.Url, hub, port),
            services => services.AddSingleton(new Lazy<IAmazonSecurityTokenService>(() => sts)));
        string bucket = "rolerev-" + runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        var stored = await runner.App.Services.GetRequiredService<DestinationService>().CreateAsync(
            new DestinationDraft(runner.Tenant, "by-role", AuthMethod.AssumeRole, bucket, "us-east-1", "exports/by role", null, null, $"arn:aws:iam:::role/{role}"),
            CancellationToken.None);
        var destination = stored.Destination;
        var permission = IamPolicyGenerator.PermissionPolicy(destination);
        await PutRolePolicyAsync(role, permission);
        var request = runner.Request(destination);

        // Hold the network at the 3rd UploadPart while the customer's admin takes s3:PutObject away from the role.
        proxy.BlackholeOnRequest(r => r.IsUploadPart, 3, TimeSpan.FromSeconds(4));
        var outcome = await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        await proxy.WaitUntilHeldAsync();
        await PutRolePolicyAsync(role, IamPolicyGenerator.Without(permission, "s3:PutObject"));
        var changedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = await runner.WaitAsync(outcome.InstanceId, TimeSpan.FromMinutes(2));
        var failedAfter = clock.Elapsed;

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = InstanceFailure.MessageOf(run) ?? string.Empty;
        Assert.Contains("AccessDenied", error, StringComparison.Ordinal);
        Assert.Contains("s3:PutObject", error, StringComparison.Ordinal);
        using (var http = TestIssuer.Http(port))
        {
            // What the customer sees: the reason in the run's status, on the persistent backend too.
            var status = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/runs/{Uri.EscapeDataString(run.InstanceId)}");
            Assert.Equal(error, status.GetProperty("error").GetString());
        }

        Assert.True(failedAfter < TimeSpan.FromSeconds(30), $"took {failedAfter} to fail after the policy change (a permanent error must not go through the ~90 s transient retry policy)");
        var traffic = UploadTraffic.Since(proxy, changedAt);
        var after = traffic.Requests;
        Assert.All(traffic.PartAttempts, p => Assert.True(p.Value < 3, $"part {p.Key} was attempted {p.Value} times after the policy change"));
        int abortAttempts = traffic.Aborts;
        Assert.InRange(abortAttempts, 1, 3);
        int assumeRoleCalls = proxy.Requests.Count(r => r.Method == "POST" && r.Target == "/");
        Assert.True(after.Count < 20, $"{after.Count} requests after the policy change is a retry storm");

        // The role may still abort its upload: nothing is left, the record names the reason, no secret leaked.
        await ScenarioInvariants.AssertExportAsync(servers, runner, destination, request, run, ExportCompression.None, expectedRows: null);
        var record = await ScenarioInvariants.RunRecordAsync(servers, runner.Tenant, run.InstanceId);
        Assert.Contains("s3:PutObject", record.GetString("Error"), StringComparison.Ordinal);
        Assert.NotEmpty(sts.Issued);
        var secrets = sts.Issued.SelectMany(c => new[] { ("session token", c.SessionToken), ("session secret key", c.SecretAccessKey) });
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            servers.StorageConnectionString, new ScanScope(hub, runner.Tenant), secrets, [("logs", string.Join('\n', runner.Logs.Lines))]);
        ReliabilitySupport.Report(
            output,
            "role-policy-revoked",
            string.Create(CultureInfo.InvariantCulture, $"failedAfter={failedAfter.TotalSeconds:F1}s requestsAfterChange={after.Count} maxAttemptsPerPart={traffic.MaxAttemptsPerPart} abortAttempts={abortAttempts} uploadsLeft=0 assumeRoleCalls={assumeRoleCalls} placesScannedForSecrets={scanned} error=\"{error}\""));
    }

    private Task<string> PutRolePolicyAsync(string role, JsonObject policy) => Repo.RunScriptAsync(
        "rgw-admin.sh", servers.RgwDir, "role-policy", "put", $"--role-name={role}", "--policy-name=Export", "--policy-doc=" + policy.ToJsonString());
}
