using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The destination's secret disappears from Key Vault while an export is uploading: deleted with the destination by
/// an operator (DELETE …/destinations/{id}), or deleted in the vault behind the product's back. The network is held
/// at the 3rd UploadPart while it happens, so the deletion lands inside the run.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SecretWithdrawnTests(ServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Export_DestinationDeletedMidUpload_RunStopsWithTheReasonAndItsUploadIsAborted()
    {
        await using var scenario = await Scenario.StartAsync(servers, "deldest", secretCache: null);
        var started = await scenario.StartExportHeldAtThirdPartAsync();

        var clock = Stopwatch.StartNew();
        using (var deleted = await scenario.Http.DeleteAsync($"api/tenants/{scenario.Tenant}/destinations/{scenario.DestinationId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var run = await scenario.Runner.WaitAsync(started.InstanceId, TimeSpan.FromMinutes(2));
        var stoppedAfter = clock.Elapsed;

        Assert.True(run.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated, $"{run.RuntimeStatus}");
        Assert.True(stoppedAfter < TimeSpan.FromSeconds(30), $"took {stoppedAfter} to stop after the deletion");
        Assert.Contains(scenario.SecretName, scenario.Vault.DeletedSecretNames);
        var record = await ScenarioInvariants.RunRecordAsync(servers, scenario.Tenant, run.InstanceId);
        string recorded = record.GetString("Error") ?? string.Empty;
        Assert.Contains("deleted", recorded, StringComparison.Ordinal);
        var status = await scenario.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/tenants/{scenario.Tenant}/runs/{Uri.EscapeDataString(run.InstanceId)}");
        Assert.Contains("deleted", status.GetProperty("error").GetString() ?? string.Empty, StringComparison.Ordinal);
        var (afterCount, maxAttempts, aborts) = scenario.CountRequestsAfter(started.HeldAt);
        Assert.True(maxAttempts < 3, $"a part was attempted {maxAttempts} times after the deletion");
        Assert.InRange(aborts, 1, 3);
        Assert.True(afterCount < 30, $"{afterCount} requests after the deletion is a retry storm");

        // Its upload was aborted while the credentials still existed: nothing is left in the bucket.
        await ScenarioInvariants.AssertExportAsync(servers, servers.StorageConnectionString, scenario.Destination, scenario.Request, run.InstanceId, null, ExportCompression.None, null);
        int scanned = await scenario.AssertNoSecretsAsync();
        ReliabilitySupport.Report(
            output,
            "destination-deleted",
            string.Create(CultureInfo.InvariantCulture, $"stoppedAfter={stoppedAfter.TotalSeconds:F1}s status={run.RuntimeStatus} requestsAfterDeletion={afterCount} maxAttemptsPerPart={maxAttempts} abortAttempts={aborts} uploadsLeft=0 vaultReadsOfTheSecret={scenario.VaultReads()} placesScannedForSecrets={scanned} recorded=\"{recorded}\""));
    }

    [Fact]
    public async Task Export_SecretDeletedInTheVaultMidUpload_FailsAtTheNextReadWithTheReasonAndNoStorm()
    {
        // Credentials are cached per destination for Secrets:CacheDuration (15 min by default): a short one makes the
        // run read the secret again inside the test, as a long run would after the cache period.
        await using var scenario = await Scenario.StartAsync(servers, "delsecret", secretCache: TimeSpan.FromSeconds(2));
        var started = await scenario.StartExportHeldAtThirdPartAsync();

        await scenario.Vault.CreateClient(new StaticTokenCredential()).StartDeleteSecretAsync(scenario.SecretName);

        int readsBefore = scenario.VaultReads();
        var clock = Stopwatch.StartNew();
        var run = await scenario.Runner.WaitAsync(started.InstanceId, TimeSpan.FromMinutes(2));
        var failedAfter = clock.Elapsed;

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.True(failedAfter < TimeSpan.FromSeconds(30), $"took {failedAfter} to fail after the deletion (a permanent error must not go through the ~90 s transient retry policy)");
        string error = InstanceFailure.MessageOf(run) ?? string.Empty;
        Assert.Contains("secret key is missing", error, StringComparison.Ordinal);
        var record = await ScenarioInvariants.RunRecordAsync(servers, scenario.Tenant, run.InstanceId);
        Assert.Equal("Failed", record.GetString("Status"));
        Assert.Equal(error, record.GetString("Error"));
        var (afterCount, maxAttempts, aborts) = scenario.CountRequestsAfter(started.HeldAt);
        int vaultReads = scenario.VaultReads() - readsBefore;
        Assert.True(maxAttempts < 3, $"a part was attempted {maxAttempts} times after the deletion");
        Assert.True(afterCount < 20, $"{afterCount} requests after the deletion is a retry storm");
        Assert.InRange(vaultReads, 1, 10); // it looked, found nothing and stopped: no storm against the vault either

        // Without the secret nothing can sign the abort: exactly the run's own upload is left (the bucket owner's
        // lifecycle rule or key removes it; here the owner does), and no object or manifest was published.
        using var admin = servers.AdminS3();
        var uploads = (await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = scenario.Destination.Bucket })).MultipartUploads ?? [];
        int left = uploads.Count;
        Assert.True(left <= 1, $"{left} multipart uploads left");
        foreach (var upload in uploads)
        {
            Assert.Equal(ExpectedExportKeys.Object(scenario.Destination.BucketPath, scenario.Request.Report, scenario.Request.Period, gzip: false), upload.Key);
            await admin.AbortMultipartUploadAsync(scenario.Destination.Bucket, upload.Key, upload.UploadId);
        }

        await ScenarioInvariants.AssertExportAsync(servers, servers.StorageConnectionString, scenario.Destination, scenario.Request, run.InstanceId, null, ExportCompression.None, null);
        int scanned = await scenario.AssertNoSecretsAsync();
        ReliabilitySupport.Report(
            output,
            "secret-deleted-in-vault",
            string.Create(CultureInfo.InvariantCulture, $"failedAfter={failedAfter.TotalSeconds:F1}s requestsAfterDeletion={afterCount} maxAttemptsPerPart={maxAttempts} abortAttempts={aborts} uploadsLeft={left} vaultReadsAfterDeletion={vaultReads} placesScannedForSecrets={scanned} error=\"{error}\""));
    }

    /// <summary>An export through the proxy, with its destination's secret in the Key Vault responder, on the persistent backend.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private Scenario(KeyVaultResponder vault, TcpFaultProxy proxy, RunnerSession runner, HttpClient http, string hub)
        {
            this.Vault = vault;
            this.Proxy = proxy;
            this.Runner = runner;
            this.Http = http;
            this.Hub = hub;
        }

        public KeyVaultResponder Vault { get; }

        public TcpFaultProxy Proxy { get; }

        public RunnerSession Runner { get; }

        public HttpClient Http { get; }

        public string Hub { get; }

        public string Tenant => this.Runner.Tenant;

        public string DestinationId { get; } = "withdrawn";

        public Orchestrator.Domain.Destination Destination { get; private set; } = null!;

        public ExportRequest Request => this.Runner.Request(this.Destination);

        public string SecretName => this.Destination.SecretName!;

        private ServersFixture Servers { get; init; } = null!;

        public static async Task<Scenario> StartAsync(ServersFixture servers, string prefix, TimeSpan? secretCache)
        {
            var vault = await KeyVaultResponder.StartNewAsync();
            var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
            int port = FreePort.Next();
            string hub = prefix + Guid.NewGuid().ToString("N")[..12];
            var settings = ReliabilitySupport.SlowExportSettings(proxy.Url, hub, port, vault.RunnerSettings);
            if (secretCache is { } cache)
            {
                settings["Secrets:CacheDuration"] = cache.ToString();
            }

            var runner = await RunnerSession.StartAsync(servers, settings, s => vault.AddTo(s, new StaticTokenCredential()));
            var http = TestIssuer.Http(port);
            var scenario = new Scenario(vault, proxy, runner, http, hub) { Servers = servers };
            string bucket = prefix + "-" + runner.Tenant;
            using (var admin = servers.AdminS3())
            {
                await admin.PutBucketAsync(bucket);
            }

            using var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
            {
                destinationId = scenario.DestinationId,
                authMethod = "accessKey",
                bucket,
                region = "us-east-1",
                bucketPath = "withdrawn",
                accessKeyId = servers.AccessKey,
                secretAccessKey = servers.SecretKey,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            scenario.Destination = (await runner.App.Services.GetRequiredService<Orchestrator.Destinations.IDestinationStore>()
                .GetAsync(runner.Tenant, scenario.DestinationId, CancellationToken.None))!;
            return scenario;
        }

        /// <summary>Starts the export and returns once the proxy holds the network at the 3rd UploadPart (for 4 s).</summary>
        public async Task<(string InstanceId, DateTimeOffset HeldAt)> StartExportHeldAtThirdPartAsync()
        {
            this.Proxy.BlackholeOnRequest(r => r.IsUploadPart, 3, TimeSpan.FromSeconds(4));
            var outcome = await this.Runner.Exports.StartAsync(this.Runner.Client, this.Request, force: false, CancellationToken.None);
            await this.Proxy.WaitUntilHeldAsync();

            return (outcome.InstanceId, DateTimeOffset.UtcNow);
        }

        /// <summary>Requests that reached the proxy from <paramref name="since"/>: all, the most attempts of one part, abort attempts.</summary>
        public (int All, int MaxAttemptsPerPart, int Aborts) CountRequestsAfter(DateTimeOffset since)
        {
            var traffic = UploadTraffic.Since(this.Proxy, since);
            return (traffic.Requests.Count, traffic.MaxAttemptsPerPart, traffic.Aborts);
        }

        public int VaultReads() => this.Vault.Requests.Count(r => r.Method == "GET" && r.Path.Contains(this.SecretName, StringComparison.OrdinalIgnoreCase));

        public Task<int> AssertNoSecretsAsync() => ScenarioInvariants.AssertNoSecretsAsync(
            this.Servers.StorageConnectionString, new ScanScope(this.Hub, this.Tenant), [("secret access key", this.Servers.SecretKey)], [("logs", string.Join('\n', this.Runner.Logs.Lines))]);

        public async ValueTask DisposeAsync()
        {
            this.Http.Dispose();
            await this.Runner.DisposeAsync();
            await this.Proxy.DisposeAsync();
            await this.Vault.DisposeAsync();
        }
    }
}
