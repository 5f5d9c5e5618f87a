using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports.Models;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.IntegrationTests.Reliability;
using Orchestrator.Operations;
using Orchestrator.Runner.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Hosting;

/// <summary>
/// On the persistent backend a dequeued activity is hidden for <c>Runner:WorkItemVisibilityTimeout</c> only. The
/// gRPC sidecar's dispatcher never renewed that lock, so an activity running longer (a 16 MiB import chunk, a part on
/// a slow link) was delivered again while it still ran: "Work item queue message … is being processed multiple times
/// concurrently" every timeout, PopReceiptMismatch when it completed, and the step executed again. Here every part
/// upload, or the one import chunk, takes several lock periods (a slow S3 link and a 3 s lock): each must run exactly once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LongActivityLockTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Rows = 600_000;
    private const int ImportUsers = 50_000;
    private const int Padding = 60;

    [Fact]
    public async Task Export_PartsOutliveTheWorkItemLock_EachPartRunsOnceAndTheRunCompletes()
    {
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = "lease" + Guid.NewGuid().ToString("N")[..12],
            ["Runner:WorkItemVisibilityTimeout"] = "00:00:03",
            ["Reports:SyntheticRows"] = Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "2",
            ["Export:Compression"] = "None",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "lease-" + runner.Tenant);
        var request = runner.Request(destination);

        // Slow enough that an 8 MiB part takes several 3 s lock periods to upload.
        proxy.ReadDelay = TimeSpan.FromMilliseconds(40);
        var run = await runner.RunExportAsync(request, timeout: TimeSpan.FromMinutes(6));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        await ScenarioInvariants.AssertExportAsync(servers, runner, destination, request, run, ExportCompression.None, Rows);
        int parts = run.ReadOutputAs<ExportResult>()!.Parts;
        var tuned = (TunedOrchestrationService)runner.App.Services.GetRequiredService<DurableBackend>().Service;
        Assert.True(tuned.ActivityLockRenewals > 0, "the parts must have outlived the lock, or this scenario proves nothing");

        var traffic = new UploadTraffic(proxy.Requests);
        Assert.Equal(parts, traffic.PartAttempts.Count);
        Assert.True(traffic.MaxAttemptsPerPart == 1, "a part was uploaded more than once: " + string.Join(", ", traffic.PartAttempts.Select(p => $"{p.Key}x{p.Value}")));
        string[] duplicates = Redelivered(runner);
        Assert.True(duplicates.Length == 0, "the backend delivered a running activity again:\n" + string.Join('\n', duplicates.Take(5)));

        var timeline = await runner.App.Services.GetRequiredService<RunHistoryReader>().ReadAsync(runner.Client, run.InstanceId, CancellationToken.None);
        var uploads = Assert.Single(timeline.Steps, s => s.Step == nameof(Orchestrator.Exports.Activities.UploadPartActivity));
        Assert.Equal((parts, parts), (uploads.Calls, uploads.Attempts));
        ReliabilitySupport.Report(
            output,
            "long-activity-lock",
            $"parts={parts} lockRenewals={tuned.ActivityLockRenewals} uploadPartRequests={traffic.PartAttempts.Values.Sum()} readDelay={proxy.ReadDelay.TotalMilliseconds}ms");
    }

    [Fact]
    public async Task Import_OneChunkOutlivesTheWorkItemLock_TheChunkRunsOnceAndEveryRowIsStored()
    {
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = "leaseimp" + Guid.NewGuid().ToString("N")[..12],
            ["Runner:WorkItemVisibilityTimeout"] = "00:00:03",
            ["Import:ChunkMiB"] = "16",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "leaseimp-" + runner.Tenant);
        byte[] bytes = AttributeFile.Csv(ImportUsers, Padding);
        await AttributeFile.UploadAsync(servers, destination, bytes);

        // The whole file is one chunk (as the 6.5 MB import was), read slowly enough to outlive several locks.
        proxy.ReadDelay = TimeSpan.FromMilliseconds(40);
        var outcome = await runner.Imports.StartAsync(
            runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false), CancellationToken.None);
        var run = await runner.WaitAsync(outcome.InstanceId, TimeSpan.FromMinutes(6));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage} ({proxy})");
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, 1, 0), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal((ImportUsers, 0L), (result.RowsImported, result.RowsRejected));
        Assert.Equal(ImportUsers, await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, runner.Tenant, Padding));
        var tuned = (TunedOrchestrationService)runner.App.Services.GetRequiredService<DurableBackend>().Service;
        Assert.True(tuned.ActivityLockRenewals > 0, "the chunk must have outlived the lock, or this scenario proves nothing");
        int rangedGets = proxy.Requests.Count(r => r.IsRangedGet);
        Assert.True(rangedGets == 1, $"the one chunk was read {rangedGets} times ({proxy})");
        string[] duplicates = Redelivered(runner);
        Assert.True(duplicates.Length == 0, "the backend delivered a running activity again:\n" + string.Join('\n', duplicates.Take(5)));
        ReliabilitySupport.Report(
            output,
            "long-activity-lock-import",
            $"rows={ImportUsers} fileBytes={bytes.Length} lockRenewals={tuned.ActivityLockRenewals} rangedGets={rangedGets} readDelay={proxy.ReadDelay.TotalMilliseconds}ms");
    }

    /// <summary>
    /// Log lines saying the backend handed out a message whose lock had expired. Lines about the tenant's counts keeper
    /// (<c>counts-{tenant}</c>, which runs on after an import) are left out: its orchestration turns are not lock-renewed
    /// (only activities are), so under the 3 s control-queue visibility this test sets, a slow turn on a busy machine
    /// is handed out again, which replay makes harmless; the activities are what this test is about.
    /// </summary>
    private static string[] Redelivered(RunnerSession runner) =>
        [.. runner.Logs.Lines.Where(l =>
            (l.Contains("processed multiple times concurrently", StringComparison.Ordinal) || l.Contains("PopReceiptMismatch", StringComparison.Ordinal))
            && !l.Contains(" " + Orchestrator.Imports.Counts.AttributeCountOrchestrator.InstancePrefix, StringComparison.Ordinal))];
}
