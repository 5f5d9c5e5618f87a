using System.Globalization;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// A slow network between the product's S3 client and radosgw (every read delayed by the proxy), and a few streams
/// that go silent mid-part or mid-download and never recover: the product must give up on a silent stream within
/// <c>S3:RequestTimeout</c> (the client, not the proxy's cap, closes it), retry, and finish with exact bytes and rows.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SlowNetworkTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int ExportRows = 300_000;
    private const int ImportUsers = 30_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A stalled stream still open this long after it went silent means the product was waiting forever.</summary>
    private static readonly TimeSpan StallCap = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Export_SlowNetworkAndUploadsStalledMidPart_CompletesWithExactBytesAndNoUploadLeft()
    {
        int seed = ReliabilitySupport.Seed(731);
        var random = new Random(seed);
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["S3:RequestTimeout"] = RequestTimeout.ToString(),
            ["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture),
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "2",
            ["Export:Compression"] = "None",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "slowexp-" + runner.Tenant);
        var request = runner.Request(destination);
        const int Stalls = 2;
        long stallAfter = random.Next(1, 7) * 1024L * 1024L;
        proxy.ReadDelay = TimeSpan.FromMilliseconds(random.Next(2, 7));
        proxy.StallUploadsMidBody(Stalls, stallAfter, StallCap);

        var run = await runner.RunExportAsync(request);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        var verification = await ScenarioInvariants.AssertExportAsync(servers, runner, destination, request, run, ExportCompression.None, ExportRows);
        Assert.Equal(Stalls, proxy.UploadStalls);
        Assert.True(proxy.StallsAbandoned == Stalls, $"every stalled upload must be given up by the client within S3:RequestTimeout ({proxy})");
        Assert.True(proxy.DelayedReads > 0, "the network was slow");
        var parts = proxy.Requests.Where(r => r.IsUploadPart).ToList();
        int partCount = run.ReadOutputAs<ExportResult>()!.Parts;
        Assert.True(parts.Count >= partCount + Stalls, $"the stalled parts must have been sent again: {parts.Count} UploadPart requests for {partCount} parts");
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner);
        ReliabilitySupport.Report(
            output,
            "export-slow",
            $"seed={seed} parts={partCount} bytes={verification!.StoredBytes} rows={verification.Rows} readDelay={proxy.ReadDelay.TotalMilliseconds}ms stallAfter={stallAfter} uploadPartRequests={parts.Count}; faults={proxy.FaultsInjected} ({proxy}); secretScan={scanned} places; dataLost=0");
    }

    [Fact]
    public async Task Import_SlowNetworkAndRangedGetsStalledMidBody_CompletesWithExactlyTheRightRows()
    {
        int seed = ReliabilitySupport.Seed(1337);
        var random = new Random(seed);
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["S3:RequestTimeout"] = RequestTimeout.ToString(),
            ["Import:ChunkMiB"] = "1",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "slowimp-" + runner.Tenant);
        byte[] bytes = AttributeFile.Csv(ImportUsers);
        await AttributeFile.UploadAsync(servers, destination, bytes);
        const int Stalls = 2;
        long stallAfter = random.Next(64, 513) * 1024L;
        proxy.ReadDelay = TimeSpan.FromMilliseconds(random.Next(2, 7));
        proxy.StallDownloadsMidResponse(Stalls, stallAfter, StallCap);

        var outcome = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false), CancellationToken.None);
        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, 1, 0), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal((ImportUsers, 0L), (result.RowsImported, result.RowsRejected));
        await ScenarioInvariants.AssertImportAsync(servers, runner.Tenant, destination.Bucket, run, result);
        long stored = await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, runner.Tenant);
        Assert.Equal(ImportUsers, stored);
        Assert.Equal(Stalls, proxy.DownloadStalls);
        Assert.True(proxy.StallsAbandoned == Stalls, $"every stalled download must be given up by the client within S3:RequestTimeout ({proxy})");
        Assert.True(proxy.DelayedReads > 0, "the network was slow");
        int gets = proxy.Requests.Count(r => r.IsRangedGet);
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner);
        ReliabilitySupport.Report(
            output,
            "import-slow",
            $"seed={seed} rows={stored} fileBytes={bytes.Length} readDelay={proxy.ReadDelay.TotalMilliseconds}ms stallAfter={stallAfter} rangedGets={gets}; faults={proxy.FaultsInjected} ({proxy}); secretScan={scanned} places; dataLost=0");
    }
}
