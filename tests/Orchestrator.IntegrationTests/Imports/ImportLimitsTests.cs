using System.IO.Compression;
using System.Text;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// Gzip files read in one pass with checkpoints (every row exactly once, also after a failure mid-file), and files
/// that cannot hurt the workers: a gzip bomb, an endless line, a flood of bad rows, each with a clear outcome.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ImportLimitsTests(ServersFixture servers)
{
    private const int Users = 60_000;

    [Fact]
    public async Task Import_GzipLargerThanManyChunksWithAStoreFailureMidFile_LandsEveryRowOnceAndResumesFromTheCheckpoint()
    {
        FailingAttributeStore? failing = null;
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?> { ["Import:ChunkMiB"] = "1" },
            services => services.AddSingleton<IAttributeStore>(_ =>
                failing = new FailingAttributeStore(new TableAttributeStore(new TableClient(servers.StorageConnectionString, "Attributes")), failOnCall: 6)));
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "gz-" + runner.Tenant);
        var csv = new StringBuilder("user_id,segment,score\n");
        for (int i = 0; i < Users; i++)
        {
            csv.Append("user-").Append(i).Append(",seg").Append(i % 7).Append(',').Append(i).Append('\n');
        }

        Assert.True(csv.Length > 1024 * 1024, "the file must be longer than one chunk");
        await servers.PutUnderAsync(destination, "attributes/users.csv.gz", Gzip(csv.ToString()));

        var run = await RunImportAsync(runner, destination);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage + run.SerializedOutput);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, Users, 0L), (result.FilesImported, result.RowsImported, result.RowsRejected));
        Assert.Equal((Users, 0L), (result.RowsInserted, result.RowsUpdated)); // the batches re-run after the checkpoint still count as inserted, once
        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in AttributeRows.OfTenantAsync(table, runner.Tenant))
        {
            Assert.True(seen.Add(entity.RowKey));
            int n = int.Parse(entity.RowKey["user-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(n, entity.GetInt64("score"));
        }

        Assert.Equal(Users, seen.Count);

        // The failed call (the 6th batch) was retried from the checkpoint after the 5th: the rows handed to the store
        // are the file once plus at most the failed batch and the one in flight, not the file again from line 1.
        Assert.NotNull(failing);
        Assert.InRange(failing!.RowsHanded, Users + 1, Users + (2 * 2000));
    }

    [Fact]
    public async Task Import_GzipBombBesideAGoodFile_FailsTheBombByItsCompressionRatioAndImportsTheGoodFile()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Import:MaxCompressionRatio"] = "10" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "bomb-" + runner.Tenant);
        var junk = new StringBuilder("user_id,x\n");
        for (int i = 0; i < 400_000; i++)
        {
            junk.Append("u,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
        }

        await servers.PutUnderAsync(destination, "attributes/bomb.csv.gz", Gzip(junk.ToString(), CompressionLevel.SmallestSize));
        await servers.PutUnderAsync(destination, "attributes/good.csv", Encoding.UTF8.GetBytes("user_id,plan\ng1,pro\n"));

        var run = await RunImportAsync(runner, destination);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal(RunStatus.PartiallySucceeded, result.Status);
        Assert.Equal((1, 1), (result.FilesImported, result.FilesFailed));
        Assert.Contains("Import:MaxCompressionRatio", result.Error, StringComparison.Ordinal);
        Assert.Contains("bomb.csv.gz", result.Error, StringComparison.Ordinal);

        // Rows before the limit may have landed (documented); they are the bomb's good rows of one user, nothing else.
        Assert.True(result.RowsImported < 400_000, run.SerializedOutput);
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Equal("pro", (await store.GetAsync(runner.Tenant, "g1", CancellationToken.None))!["plan"]);
    }

    [Fact]
    public async Task Import_EndlessJsonLine_FailsItsFileNamingTheSkipLimit()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Import:MaxRecordSkipMiB"] = "1" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "endless-" + runner.Tenant);
        var endless = new StringBuilder("{\"user_id\":\"e1\",\"plan\":\"pro\"}\n{\"user_id\":\"e2\",\"blob\":\"");
        endless.Append('x', 3 * 1024 * 1024);
        await servers.PutUnderAsync(destination, "attributes/endless.jsonl", Encoding.UTF8.GetBytes(endless.ToString()));

        var run = await RunImportAsync(runner, destination);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("Import:MaxRecordSkipMiB", run.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Equal("pro", (await store.GetAsync(runner.Tenant, "e1", CancellationToken.None))!["plan"]);
    }

    [Fact]
    public async Task Import_ManyBadRows_CountsThemAllAndStoresOnlyTheFirstN()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Import:MaxStoredRejections"] = "5" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "bad-" + runner.Tenant);
        var csv = new StringBuilder("user_id,plan\nok1,pro\n");
        for (int i = 0; i < 20; i++)
        {
            csv.Append(",no id\n");
        }

        await servers.PutUnderAsync(destination, "attributes/bad.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        var run = await RunImportAsync(runner, destination);

        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1L, 20L), (result.RowsImported, result.RowsRejected));
        using var admin = servers.AdminS3();
        using var report = await admin.GetObjectAsync(destination.Bucket, result.ErrorReportKey);
        using var reader = new StreamReader(report.ResponseStream, Encoding.UTF8);
        string[] lines = (await reader.ReadToEndAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Count(l => l.Contains("missing user id", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("15 more rejected rows", StringComparison.Ordinal));
    }

    private static Task<OrchestrationMetadata> RunImportAsync(RunnerSession runner, Destination destination) =>
        runner.RunImportAsync(new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false));

    private static byte[] Gzip(string text, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
