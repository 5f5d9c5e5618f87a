using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Options;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Validation.Models;
using Orchestrator.Validation.Orchestrations;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>
/// A run reads its destination once, at its start, and every step uses that snapshot: a customer who edits the
/// destination (another bucket, path and access key) while an export uploads its parts gets the whole export at the
/// old location, and the next run at the new one. Before, every step read the row again (N+4 reads for N parts), and
/// the parts after the edit were signed with the new key.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DestinationSnapshotTests(ServersFixture servers)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Export_DestinationEditedBetweenParts_EveryPartAndTheManifestGoToTheOriginalLocation()
    {
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?>
            {
                ["Reports:SyntheticRows"] = "300000",
                ["Export:PartSizeMiB"] = "8",
                ["Export:MaxParallelParts"] = "1",
                ["Export:Compression"] = "None",
            },
            services =>
            {
                services.AddSingleton<IReportSource>(sp =>
                    new EditingReportSource(new SyntheticReportSource(sp.GetRequiredService<IOptions<ReportSourceOptions>>()), atOffset: 8 * MiB));
                services.AddSingleton<IDestinationStore>(sp => new CountingDestinationStore(new TableDestinationStore(
                    sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DestinationsTable))));
            });
        string bucket = "snap-" + runner.Tenant;
        string movedBucket = "moved-" + runner.Tenant;
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(movedBucket);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket, "subfolder name");
        var request = runner.Request(destination);
        var source = (EditingReportSource)runner.App.Services.GetRequiredService<IReportSource>();
        var store = (CountingDestinationStore)runner.App.Services.GetRequiredService<IDestinationStore>();
        int readsBefore = store.ReadsOf(runner.Tenant, destination.DestinationId);

        // The edit goes through the real service on the unwrapped store, so it does not count as one of the run's reads.
        var editor = new DestinationService(
            store.Inner,
            runner.App.Services.GetRequiredService<ISecretStore>(),
            runner.App.Services.GetRequiredService<IOptions<S3Options>>(),
            runner.App.Services.GetRequiredService<IOptions<StsOptions>>());
        source.OnReach = () => editor.UpdateAsync(
            DestinationDraft.Of(destination) with { Bucket = movedBucket, BucketPath = "moved here", AccessKeyId = "AKIAMOVEDMOVEDMOVED0" },
            "*",
            CancellationToken.None);

        var run = await runner.RunExportAsync(request);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var edited = (await store.Inner.GetAsync(runner.Tenant, destination.DestinationId, CancellationToken.None))!;
        Assert.Equal((movedBucket, "moved here"), (edited.Bucket, edited.BucketPath)); // the edit happened, mid-run
        var result = run.ReadOutputAs<ExportResult>()!;
        Assert.True(result.Parts >= 3, $"expected parts after the edit, got {result.Parts}");
        Assert.Equal(bucket, result.Bucket);
        Assert.Equal("subfolder name/sessions/2026/11/24/sessions_2026-11-24.csv", result.ObjectKey);
        Assert.Equal("subfolder name/sessions/2026/11/24/_manifest.json", result.ManifestKey);
        var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.ContentMatches, "every part of the object must hold the generated report");
        Assert.Equal(300_000, verification.Manifest.RowCount);
        Assert.Empty((await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = movedBucket })).S3Objects ?? []);
        Assert.Empty((await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = movedBucket })).MultipartUploads ?? []);

        // One read for the whole run (the starter's door check is the other): not one per step.
        Assert.Equal(2, store.ReadsOf(runner.Tenant, destination.DestinationId) - readsBefore);
    }

    [Fact]
    public async Task Import_ThreeFilesAndAnErrorReport_ReadsItsDestinationOnce()
    {
        await using var runner = await RunnerSession.StartAsync(
            servers,
            services: services => services.AddSingleton<IDestinationStore>(sp => new CountingDestinationStore(new TableDestinationStore(
                sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DestinationsTable)))));
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "snapimp-" + runner.Tenant, "in here");
        using (var admin = servers.AdminS3())
        {
            foreach (string name in new[] { "a", "b", "c" })
            {
                await admin.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = destination.Bucket,
                    Key = $"in here/attributes/{name}.csv",
                    ContentBody = $"user_id,plan\n{name}1,pro\n,no user id\n",
                });
            }
        }

        var store = (CountingDestinationStore)runner.App.Services.GetRequiredService<IDestinationStore>();
        int readsBefore = store.ReadsOf(runner.Tenant, destination.DestinationId);

        var outcome = await runner.Imports.StartAsync(
            runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false), CancellationToken.None);
        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((3, 3, 3L), (result.FilesImported, result.RowsImported, result.RowsRejected));
        Assert.StartsWith("in here/attributes/_errors/", result.ErrorReportKey, StringComparison.Ordinal);

        // The starter's door check and the run's one read (listing, three chunks and the error report used to read it each).
        Assert.Equal(2, store.ReadsOf(runner.Tenant, destination.DestinationId) - readsBefore);
    }

    [Fact]
    public async Task ConnectionTest_EightChecks_ReadsTheDestinationOnce()
    {
        await using var runner = await RunnerSession.StartAsync(
            servers,
            services: services => services.AddSingleton<IDestinationStore>(sp => new CountingDestinationStore(new TableDestinationStore(
                sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DestinationsTable)))));
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "snapval-" + runner.Tenant);
        var store = (CountingDestinationStore)runner.App.Services.GetRequiredService<IDestinationStore>();
        int readsBefore = store.ReadsOf(runner.Tenant, destination.DestinationId);

        string id = await runner.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ValidateDestinationOrchestrator), new DestinationValidationRequest(runner.Tenant, destination.DestinationId));
        var run = await runner.WaitAsync(id);

        var report = run.ReadOutputAs<DestinationValidationReport>()!;
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Name} {c.Status} {c.Message}")));
        Assert.Equal(DestinationChecks.InOrder, report.Checks.Select(c => c.Name));
        Assert.Equal(1, store.ReadsOf(runner.Tenant, destination.DestinationId) - readsBefore);
    }
}
