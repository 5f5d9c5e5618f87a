using System.Text;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// A prefix of thousands of tiny files: the import orchestration continues as new every
/// <c>Import:FilesPerGeneration</c> files (its history bounded), loses and double-counts no file, its record and result
/// cover every generation, and a mirror sweeps only after the last file of the last generation landed.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ImportGenerationsTests(ServersFixture servers)
{
    private const int Files = 2000;
    private const int UsersPerFile = 2;
    private const int FilesPerGeneration = 150;
    private const int BaseUsers = Files * UsersPerFile + 100;

    [Fact]
    public async Task Mirror_TwoThousandTinyFilesOverManyGenerations_SucceedsWithExactCountsAndSweepsOnlyAfterTheLastFile()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Import:FilesPerGeneration"] = FilesPerGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Import:AttributeShards"] = "4",
            ["Logging:LogLevel:Orchestrator.Imports.Orchestrations.ImportOrchestrator"] = "Information",
        });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "gen-" + runner.Tenant);

        // The source's users before: 4,100, of which the 2,000 files list 4,000 (the last 100 = 2.4% are to be swept).
        var all = new StringBuilder("user_id,plan\n");
        for (int i = 0; i < BaseUsers; i++)
        {
            all.Append('u').Append(i).Append(",free\n");
        }

        await servers.PutUnderAsync(destination, "base/users.csv", all.ToString());
        var baseRun = await RunAsync(runner, destination, "base/", ImportMode.Upsert);
        Assert.Equal(BaseUsers, baseRun.RowsImported);
        Assert.Equal(BaseUsers, baseRun.RowsInserted);

        using (var admin = servers.AdminS3())
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Files), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (f, ct) =>
            {
                string body = $"user_id,plan\nu{f * UsersPerFile},pro\nu{(f * UsersPerFile) + 1},pro\n";
                await admin.PutObjectAsync(
                    new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, $"many/f{f:D5}.csv"), ContentBody = body }, ct);
            });
        }

        // If the sweep ran after any generation but the last, it would remove most users: above the 10% guard, a failed run.
        var mirror = await RunAsync(runner, destination, "many/", ImportMode.Mirror);
        Assert.Equal(RunStatus.Succeeded, mirror.Status);
        Assert.Equal((Files, Files, 0, 0), (mirror.FilesSeen, mirror.FilesImported, mirror.FilesSkipped, mirror.FilesFailed));
        Assert.Equal((long)Files * UsersPerFile, mirror.RowsImported);
        Assert.Equal((0L, (long)Files * UsersPerFile), (mirror.RowsInserted, mirror.RowsUpdated)); // every listed user existed; the split is carried across generations
        Assert.Equal(BaseUsers - (Files * UsersPerFile), mirror.RowsDeleted);
        Assert.Equal(0, mirror.RowsRejected);

        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, mirror.RunId, CancellationToken.None))!;
        Assert.Equal((RunStatus.Succeeded, (long)Files * UsersPerFile, (long)BaseUsers - (Files * UsersPerFile), Files, Files), (record.Status, record.Rows, record.RowsDeleted, record.FilesSeen, record.FilesImported));
        Assert.Equal((0L, (long)Files * UsersPerFile), (record.RowsInserted, record.RowsUpdated));
        Assert.True(record.StartedAt <= record.FinishedAt);

        // Every generation handled one page of FilesPerGeneration files: ceil(2000 / 150) = 14 generations, 13 continuations.
        int continuations = runner.Logs.Lines.Count(l => l.Contains("Import continues as new", StringComparison.Ordinal));
        Assert.Equal((Files + FilesPerGeneration - 1) / FilesPerGeneration - 1, continuations);

        int users = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in AttributeRows.OfTenantAsync(new TableClient(servers.StorageConnectionString, "Attributes"), runner.Tenant))
        {
            users++;
            Assert.True(seen.Add(entity.RowKey));
            Assert.Equal("pro", entity.GetString("plan"));
        }

        Assert.Equal(Files * UsersPerFile, users);
    }

    private static Task<ImportResult> RunAsync(RunnerSession runner, Destination destination, string prefix, ImportMode mode) =>
        runner.ImportCompletedAsync(new ImportRequest(runner.Tenant, destination.DestinationId, prefix, new DateOnly(2026, 12, 6), false, mode), TimeSpan.FromMinutes(20));
}
