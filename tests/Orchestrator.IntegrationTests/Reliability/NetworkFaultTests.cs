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
/// Network faults between the product's S3 client and a real radosgw, injected by <see cref="TcpFaultProxy"/>:
/// connections reset in the middle of an UploadPart body or of a ranged GetObject response, and the network
/// blackholed for several seconds at a random point of the run. Every run must complete with exact bytes and rows,
/// and the scenario invariants must hold afterwards.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class NetworkFaultTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int ExportRows = 600_000;
    private const int ImportUsers = 60_000;

    [Fact]
    public async Task Export_ResetsMidPartAndABlackholeAtARandomPoint_CompletesWithExactBytesAndNoUploadLeft()
    {
        var random = new Random(ReliabilitySupport.Seed(20261124));
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["S3:RequestTimeout"] = "00:00:05",
            ["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture),
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "1",
            ["Export:Compression"] = "None",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "netfault-" + runner.Tenant);
        var request = runner.Request(destination);
        int blackholeAtPart = random.Next(2, 5);
        var blackhole = TimeSpan.FromSeconds(random.Next(5, 8));
        const int Resets = 3;
        proxy.ResetUploadsMidBody(Resets, afterBodyBytes: random.Next(1, 7) * 1024 * 1024);
        proxy.BlackholeOnRequest(r => r.IsUploadPart, blackholeAtPart, blackhole);

        var outcome = await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        var verification = await ScenarioInvariants.AssertExportAsync(servers, runner, destination, request, run, ExportCompression.None, ExportRows);
        Assert.Equal(Resets, proxy.UploadResets);
        await proxy.BlackholeWindowEnded;
        Assert.Equal(1, proxy.BlackholeWindows);
        var parts = proxy.Requests.Where(r => r.IsUploadPart).ToList();
        int partCount = run.ReadOutputAs<ExportResult>()!.Parts;
        Assert.True(parts.Count > partCount, $"the faults must have caused re-uploads: {parts.Count} UploadPart requests for {partCount} parts");
        Assert.All(parts, p => Assert.InRange(p.PartNumber, 1, partCount));
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner);
        ReliabilitySupport.Report(output, "export-network", $"parts={partCount} bytes={verification!.StoredBytes} rows={verification.Rows} blackhole={blackhole.TotalSeconds}s at UploadPart request {blackholeAtPart}; uploadPartRequests={parts.Count}; faults={proxy.FaultsInjected} ({proxy}); secretScan={scanned} places; dataLost=0");
    }

    [Fact]
    public async Task Import_ResetsOnRangedGetsAndABlackhole_CompletesWithExactlyTheRightRows()
    {
        var random = new Random(ReliabilitySupport.Seed(4242));
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["S3:RequestTimeout"] = "00:00:05",
            ["Import:ChunkMiB"] = "1",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "netimp-" + runner.Tenant);
        byte[] bytes = AttributeFile.Csv(ImportUsers);
        await AttributeFile.UploadAsync(servers, destination, bytes);

        const int Resets = 4;
        proxy.ResetDownloadsMidResponse(Resets, afterBytes: 256 * 1024);
        var blackhole = TimeSpan.FromSeconds(random.Next(5, 8));
        int blackholeAtGet = random.Next(2, 5);
        proxy.BlackholeOnRequest(r => r.IsRangedGet, blackholeAtGet, blackhole);
        var outcome = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false), CancellationToken.None);
        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, 1, 0), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal(ImportUsers, result.RowsImported);
        Assert.Equal(0, result.RowsRejected);
        await ScenarioInvariants.AssertImportAsync(servers, runner.Tenant, destination.Bucket, run, result);
        long stored = await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, runner.Tenant);
        Assert.Equal(ImportUsers, stored);
        Assert.Equal(Resets, proxy.DownloadResets);
        await proxy.BlackholeWindowEnded;
        Assert.Equal(1, proxy.BlackholeWindows);
        var gets = proxy.Requests.Count(r => r.IsRangedGet);
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner);
        ReliabilitySupport.Report(output, "import-network", $"rows={stored} fileBytes={bytes.Length} rangedGets={gets} blackhole={blackhole.TotalSeconds}s at ranged GET {blackholeAtGet}; faults={proxy.FaultsInjected} ({proxy}); secretScan={scanned} places; dataLost=0");
    }
}
