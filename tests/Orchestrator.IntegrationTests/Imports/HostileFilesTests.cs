using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Cli;
using Orchestrator.Runs;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>
/// Hostile files generated here, against radosgw and Azurite: a header of 100,000 columns and a JSON Lines record of
/// 100,000 keys (the column cap, <see cref="AttributeColumns.MaxColumns"/>, names itself before any of their rows is
/// stored), and a file of a million bad rows (counted exactly, only the first <c>Import:MaxStoredRejections</c> stored,
/// the report streamed, the file's good rows landed) imported while another tenant's normal import runs to completion.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HostileFilesTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int HostileColumns = 100_000;
    private const int BadRows = 1_000_000;
    private const int TooLongIds = 1_000;
    private const int GoodRowsBetweenBad = 1_000;
    private const int StoredRejections = 1_000;
    private const int OtherTenantUsers = 20_000;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Import_HundredThousandColumnsAndKeys_FailsTheCsvAndRejectsTheRecordNamingTheColumnCap_StoresNothingOfThem()
    {
        // The largest record the settings allow (1 MiB), so the JSON record of 100,000 keys is parsed, not refused by size.
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Import:MaxRecordBytes"] = (1024 * 1024).ToString(CultureInfo.InvariantCulture) });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "cols-" + runner.Tenant);

        var header = new StringBuilder("user_id");
        for (int i = 1; i < HostileColumns; i++)
        {
            header.Append(",c").Append(i);
        }

        await servers.PutUnderAsync(destination, "attributes/columns.csv", header.Append("\nh1,").Append(',', HostileColumns - 2).Append('\n').ToString());

        var keys = new StringBuilder("{\"user_id\":\"j1\"");
        for (int i = 1; i < HostileColumns; i++)
        {
            keys.Append(",\"").Append(i.ToString("x", CultureInfo.InvariantCulture)).Append("\":1");
        }

        Assert.True(keys.Length < 1024 * 1024, "the record must fit Import:MaxRecordBytes for its keys to be counted");
        await servers.PutUnderAsync(destination, "attributes/keys.jsonl", keys.Append("}\n{\"user_id\":\"j2\",\"plan\":\"pro\"}\n").ToString());

        // At the cap: the user id and 249 attributes land (with the store's three marks: 252 properties); one more fails the header.
        await servers.PutUnderAsync(destination, "attributes/widest.csv", Wide(AttributeColumns.MaxAttributes, "w1"));
        await servers.PutUnderAsync(destination, "attributes/wider.csv", Wide(AttributeColumns.MaxAttributes + 1, "w2"));

        var run = await RunImportAsync(runner, runner.Tenant, destination);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal(RunStatus.PartiallySucceeded, result.Status);
        Assert.Equal((4, 2, 2), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal((2L, 1L), (result.RowsImported, result.RowsRejected));
        string report = await this.ReadReportAsync(destination, result.ErrorReportKey!);
        Assert.True(ReportLine(report, "columns.csv,0,").Contains($"file not imported: the header cannot be used: too many columns: more than {AttributeColumns.MaxColumns} per row", StringComparison.Ordinal), report);
        Assert.True(ReportLine(report, "keys.jsonl,1,").Contains($"too many columns: more than {AttributeColumns.MaxColumns} per row", StringComparison.Ordinal), report);
        Assert.True(ReportLine(report, "wider.csv,0,").Contains($"file not imported: the header cannot be used: {AttributeColumns.MaxAttributes + 1} attributes besides the user id; at most {AttributeColumns.MaxAttributes}", StringComparison.Ordinal), report);

        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Null(await store.GetAsync(runner.Tenant, "h1", None));
        Assert.Null(await store.GetAsync(runner.Tenant, "j1", None));
        Assert.Null(await store.GetAsync(runner.Tenant, "w2", None));
        Assert.Equal("pro", (await store.GetAsync(runner.Tenant, "j2", None))!["plan"]);
        Assert.Equal(AttributeColumns.MaxAttributes, (await store.GetAsync(runner.Tenant, "w1", None))!.Count);
        output.WriteLine($"hostile-columns: csvHeaderColumns={HostileColumns} jsonKeys={HostileColumns} jsonRecordBytes={keys.Length} report:\n{report}");
    }

    [Fact]
    public async Task Import_MillionBadRowsWhileAnotherTenantImports_CountsEveryRejectionStoresTheFirstNLandsTheGoodRowsAndTheOtherTenantCompletes()
    {
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?> { ["Import:MaxStoredRejections"] = StoredRejections.ToString(CultureInfo.InvariantCulture), ["Import:ChunkMiB"] = "1" });
        var hostile = await runner.AddAccessKeyDestinationAsync(servers, "flood-" + runner.Tenant);

        // Tenant B: its own destination and a normal file, started at the same moment as tenant A's flood.
        string otherTenant = "t" + Guid.NewGuid().ToString("N")[..10];
        string otherBucket = "calm-" + otherTenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(otherBucket);
        }

        var calm = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(otherTenant, "dest-" + otherBucket, otherBucket, "us-east-1", "subfolder name", servers.AccessKey, servers.SecretKey, roleArn: null));

        // A million bad rows (empty user ids, and every 1,000th a user id of 257 characters), a good row after every 1,000.
        string tooLong = new('x', UserKeys.MaxUserIdLength + 1);
        var flood = new StringBuilder("user_id,plan\n");
        for (int i = 0; i < BadRows; i++)
        {
            flood.Append(i % (BadRows / TooLongIds) == 0 ? tooLong : string.Empty).Append(",x\n");
            if (i % (BadRows / GoodRowsBetweenBad) == 0)
            {
                flood.Append("good").Append(i).Append(",pro\n");
            }
        }

        await servers.PutUnderAsync(hostile, "attributes/flood.csv", flood.ToString());
        var normal = new StringBuilder("user_id,plan,score\n");
        for (int i = 0; i < OtherTenantUsers; i++)
        {
            normal.Append("calm").Append(i).Append(",team,").Append(i).Append('\n');
        }

        await servers.PutUnderAsync(calm, "attributes/users.csv", normal.ToString());

        var runs = await Task.WhenAll(RunImportAsync(runner, runner.Tenant, hostile), RunImportAsync(runner, otherTenant, calm));

        var floodRun = runs[0];
        Assert.True(floodRun.RuntimeStatus == OrchestrationRuntimeStatus.Completed, floodRun.FailureDetails?.ErrorMessage);
        var result = floodRun.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, 1, 0), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal(((long)GoodRowsBetweenBad, (long)BadRows), (result.RowsImported, result.RowsRejected));
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, floodRun.InstanceId, None))!;
        Assert.Equal((long)BadRows, record.RowsRejected);

        // The report: its header, the first N rejections (in file order), and one summary line counting the rest.
        var (lines, listed, summary) = await this.ReadReportLinesAsync(hostile, result.ErrorReportKey!);
        Assert.Equal(1 + StoredRejections + 1, lines);
        Assert.Equal(StoredRejections, listed);
        Assert.Equal($",,{BadRows - StoredRejections} more rejected rows are not listed (Import:MaxStoredRejections)", summary);

        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        int landed = 0;
        await foreach (var user in AttributeRows.OfTenantAsync(table, runner.Tenant))
        {
            Assert.StartsWith("good", user.RowKey, StringComparison.Ordinal);
            Assert.Equal("pro", user.GetString("plan"));
            landed++;
        }

        Assert.Equal(GoodRowsBetweenBad, landed);

        // Tenant B's run was not slowed into failure nor mixed with A's: every row of its file, nothing else.
        var calmRun = runs[1];
        Assert.True(calmRun.RuntimeStatus == OrchestrationRuntimeStatus.Completed, calmRun.FailureDetails?.ErrorMessage);
        var calmResult = calmRun.ReadOutputAs<ImportResult>()!;
        Assert.Equal((RunStatus.Succeeded, (long)OtherTenantUsers, 0L), (calmResult.Status, calmResult.RowsImported, calmResult.RowsRejected));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var user in AttributeRows.OfTenantAsync(table, otherTenant))
        {
            Assert.True(seen.Add(user.RowKey));
            Assert.Equal(int.Parse(user.RowKey["calm".Length..], CultureInfo.InvariantCulture), user.GetInt64("score"));
        }

        Assert.Equal(OtherTenantUsers, seen.Count);
        output.WriteLine(
            $"million-bad-rows: fileBytes={flood.Length} rejected={result.RowsRejected} stored={listed} reportLines={lines} goodRowsLanded={landed}; other tenant rows={calmResult.RowsImported} status={calmResult.Status}");
    }

    /// <summary>The report's line for a file and line (reasons with a comma are quoted, so match the line, not the text).</summary>
    private static string ReportLine(string report, string fileAndLine) =>
        report.Split('\n').SingleOrDefault(l => l.Contains(fileAndLine, StringComparison.Ordinal)) ?? string.Empty;

    private static string Wide(int attributes, string userId)
    {
        var csv = new StringBuilder("user_id");
        for (int i = 1; i <= attributes; i++)
        {
            csv.Append(",a").Append(i);
        }

        csv.Append('\n').Append(userId);
        for (int i = 1; i <= attributes; i++)
        {
            csv.Append(',').Append(i);
        }

        return csv.Append('\n').ToString();
    }

    private static Task<OrchestrationMetadata> RunImportAsync(RunnerSession runner, string tenant, Destination destination) =>
        runner.RunImportAsync(new ImportRequest(tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 12, 6), Force: false));

    private async Task<string> ReadReportAsync(Destination destination, string key)
    {
        using var admin = servers.AdminS3();
        using var report = await admin.GetObjectAsync(destination.Bucket, key);
        using var reader = new StreamReader(report.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Streams the report: its line count, the rejections it lists, and its last line.</summary>
    private async Task<(int Lines, int Listed, string Last)> ReadReportLinesAsync(Destination destination, string key)
    {
        using var admin = servers.AdminS3();
        using var report = await admin.GetObjectAsync(destination.Bucket, key);
        using var reader = new StreamReader(report.ResponseStream, Encoding.UTF8);
        int lines = 0;
        int listed = 0;
        string last = string.Empty;
        while (await reader.ReadLineAsync() is { } line)
        {
            lines++;
            listed += line.Contains("flood.csv,", StringComparison.Ordinal) ? 1 : 0;
            last = line;
        }

        return (lines, listed, last);
    }
}
