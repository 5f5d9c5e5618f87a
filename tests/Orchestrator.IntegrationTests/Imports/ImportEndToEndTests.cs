using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Imports;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>Attribute files in radosgw imported into the attribute store on Azurite, checked value by value.</summary>
[Collection(ServersCollection.Name)]
public sealed class ImportEndToEndTests(ServersFixture servers)
{
    private const string Csv =
        "user_id,name,plan,score,active,signup,note\r\n" +
        "u1,Ada,pro,42,true,2024-02-29,\"likes, commas\"\n" +
        "u2,\"Zoë \"\"Z\"\" Ünicode 🚀\",free,3.5,false,2025-01-01T10:00:00Z,\"two\nlines\"\n" +
        ",Nobody,free,1,true,2024-01-01,no id\n" +
        "u3,Bob,team,007,TRUE,not a date,plain\n" +
        "u4,Too,few\n" +
        "u5,Eve,pro,-17,true,2024-03-01,\"unterminated\n";

    [Fact]
    public async Task Import_CsvWithQuotesNewlinesUnicodeAndBadRows_StoresEveryGoodAttributeAndReportsBadLines()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "imp-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/users.csv", Encoding.UTF8.GetBytes("\uFEFF" + Csv));

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 24));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.True(result.RowsRejected == 3, run.SerializedOutput + await this.GetTextAsync(destination, result.ErrorReportKey ?? "none"));
        Assert.Equal((1, 1, 0, 0), (result.FilesSeen, result.FilesImported, result.FilesSkipped, result.FilesFailed));
        Assert.Equal(3, result.RowsImported);
        Assert.Equal(3, result.RowsRejected);

        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        var u1 = (await store.GetAsync(runner.Tenant, "u1", CancellationToken.None))!;
        Assert.Equal("Ada", u1["name"]);
        Assert.Equal(42L, u1["score"]);
        Assert.Equal(true, u1["active"]);
        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc), ((DateTimeOffset)u1["signup"]).UtcDateTime);
        Assert.Equal("likes, commas", u1["note"]);
        var u2 = (await store.GetAsync(runner.Tenant, "u2", CancellationToken.None))!;
        Assert.Equal("Zoë \"Z\" Ünicode 🚀", u2["name"]);
        Assert.Equal(3.5, u2["score"]);
        Assert.Equal("two\nlines", u2["note"]);
        var u3 = (await store.GetAsync(runner.Tenant, "u3", CancellationToken.None))!;
        Assert.Equal("007", u3["score"]); // leading zeros stay text
        Assert.Equal("not a date", u3["signup"]);
        Assert.Null(await store.GetAsync(runner.Tenant, "u4", CancellationToken.None));
        Assert.Null(await store.GetAsync(runner.Tenant, "u5", CancellationToken.None));

        Assert.NotNull(result.ErrorReportKey);
        Assert.StartsWith("subfolder name/attributes/_errors/", result.ErrorReportKey, StringComparison.Ordinal);
        string report = await this.GetTextAsync(destination, result.ErrorReportKey!);
        string[] lines = report.TrimEnd('\n').Split('\n');
        Assert.Equal("file,line,reason", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("subfolder name/attributes/users.csv,5,missing user id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("subfolder name/attributes/users.csv,7,\"wrong column count", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("subfolder name/attributes/users.csv,8,unterminated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_SameFilesTwice_SecondRunImportsNothingAndAChangedFileIsReimportedAlone()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "ledger-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/a.csv", Encoding.UTF8.GetBytes("user_id,tier\na1,gold\na2,silver\n"));
        await servers.PutUnderAsync(destination, "attributes/b.jsonl.gz", Gzip("{\"user_id\":\"b1\",\"tier\":\"bronze\",\"visits\":12}\n{\"user_id\":\"b2\",\"tier\":\"gold\",\"vip\":true}\n"));

        var first = (await RunImportAsync(runner, destination, new DateOnly(2026, 11, 21))).ReadOutputAs<ImportResult>()!;
        var second = (await RunImportAsync(runner, destination, new DateOnly(2026, 11, 22))).ReadOutputAs<ImportResult>()!;
        await servers.PutUnderAsync(destination, "attributes/a.csv", Encoding.UTF8.GetBytes("user_id,tier\na1,platinum\n"));
        var third = (await RunImportAsync(runner, destination, new DateOnly(2026, 11, 23))).ReadOutputAs<ImportResult>()!;

        Assert.Equal((2, 2, 0, 4L), (first.FilesSeen, first.FilesImported, first.FilesSkipped, first.RowsImported));
        Assert.Equal((2, 0, 2, 0L), (second.FilesSeen, second.FilesImported, second.FilesSkipped, second.RowsImported));
        Assert.Equal((2, 1, 1, 1L), (third.FilesSeen, third.FilesImported, third.FilesSkipped, third.RowsImported));
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Equal("platinum", (await store.GetAsync(runner.Tenant, "a1", CancellationToken.None))!["tier"]);
        Assert.Equal("silver", (await store.GetAsync(runner.Tenant, "a2", CancellationToken.None))!["tier"]); // merge: kept
        var b1 = (await store.GetAsync(runner.Tenant, "b1", CancellationToken.None))!;
        Assert.Equal(12L, b1["visits"]);
        Assert.Equal(true, (await store.GetAsync(runner.Tenant, "b2", CancellationToken.None))!["vip"]);
        var gold = await store.CountByValueAsync(runner.Tenant, "tier", CancellationToken.None);
        Assert.Equal(1, gold["gold"]);
    }

    [Fact]
    public async Task Import_FileThatIsNotCsvOrJsonLines_FailsThatFileAloneWithAReason()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "notcsv-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/good.csv", Encoding.UTF8.GetBytes("user_id,tier\ng1,gold\n"));
        await servers.PutUnderAsync(destination, "attributes/picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        await servers.PutUnderAsync(destination, "attributes/binary.csv", [0xFF, 0xFE, 0x00, 0x01, 0x0A, 0xC3, 0x28, 0x0A]);

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 24));

        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal((3, 1, 2, 1L), (result.FilesSeen, result.FilesImported, result.FilesFailed, result.RowsImported));
        string report = await this.GetTextAsync(destination, result.ErrorReportKey!);
        Assert.True(report.Contains("binary.csv,0,", StringComparison.Ordinal), report);
        Assert.True(report.Contains("picture.png,0,\"file not imported: not a CSV or JSON Lines file", StringComparison.Ordinal), report);
        Assert.Contains("binary.csv,0,file not imported: not a CSV file", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UsersRepeatedAcrossManyBatches_EndWithTheirLastValuesInFileOrder()
    {
        // 9,000 rows over 3 users: every batch the import stores while it parses the next holds each user many times,
        // and the last row of each user is in the last batch.
        var csv = new StringBuilder("user_id,seq,tag\n");
        for (int i = 0; i < 9000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"u{i % 3},{i},t{i}\n");
            if (i % 1000 == 999)
            {
                csv.Append(",no user,x\n"); // a rejected row every 1,000 rows, reported with its line
            }
        }

        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "order-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/repeats.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 26));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((9000L, 9L), (result.RowsImported, result.RowsRejected));
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        for (int user = 0; user < 3; user++)
        {
            var stored = (await store.GetAsync(runner.Tenant, $"u{user}", CancellationToken.None))!;
            Assert.Equal((long)(8997 + user), stored["seq"]);
            Assert.Equal($"t{8997 + user}", stored["tag"]);
        }

        string report = await this.GetTextAsync(destination, result.ErrorReportKey!);
        var lines = report.TrimEnd('\n').Split('\n').Skip(1).Select(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(k => 1 + (k * 1001)), lines.Order());
    }

    [Fact]
    public async Task Import_EmptyFileBesideAGoodOne_FailsTheEmptyFileWithAReasonAndTheRunPartiallySucceeds()
    {
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "empty-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/good.csv", Encoding.UTF8.GetBytes("user_id,tier\ng1,gold\n"));
        await servers.PutUnderAsync(destination, "attributes/empty.csv", []);
        await servers.PutUnderAsync(destination, "attributes/empty.jsonl.gz", Gzip(string.Empty));

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 24));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((3, 1, 2, 1L), (result.FilesSeen, result.FilesImported, result.FilesFailed, result.RowsImported));
        Assert.Equal(RunStatus.PartiallySucceeded, result.Status);
        Assert.Contains("empty.csv", result.Error, StringComparison.Ordinal);
        Assert.Contains("the file is empty", result.Error, StringComparison.Ordinal);
        string report = await this.GetTextAsync(destination, result.ErrorReportKey!);
        Assert.Contains("attributes/empty.csv,0,file not imported: the file is empty", report, StringComparison.Ordinal);
        Assert.Contains("attributes/empty.jsonl.gz,0,file not imported: the file is empty", report, StringComparison.Ordinal);
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, run.InstanceId, CancellationToken.None))!;
        Assert.Equal((RunStatus.PartiallySucceeded, 2, 1), (record.Status, record.FilesFailed, record.FilesImported));
        Assert.Equal(result.Error, record.Error);
    }

    [Fact]
    public async Task Import_EveryFileFails_RunFailsInDurableStatusRecordAndApiWithTheReasonAndNoResult()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "allbad-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/empty.csv", []);
        await servers.PutUnderAsync(destination, "attributes/picture.png", [0x89, 0x50, 0x4E, 0x47]);

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 24));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, run.InstanceId, CancellationToken.None))!;
        Assert.Equal((RunStatus.Failed, 2, 0), (record.Status, record.FilesFailed, record.FilesImported));
        Assert.StartsWith("No file could be imported: 2 of 2 failed", record.Error, StringComparison.Ordinal);
        Assert.Contains("picture.png", record.Error, StringComparison.Ordinal);
        Assert.NotNull(record.ObjectKey); // the error report
        using var http = TestIssuer.Http(port);
        var view = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/runs/{Uri.EscapeDataString(run.InstanceId)}");
        Assert.Equal("Failed", view.GetProperty("runtimeStatus").GetString());
        Assert.Equal(record.Error, view.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("result").ValueKind);
        Assert.Equal("Failed", view.GetProperty("record").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Import_SameRowsAsCsvAndJsonLines_FollowOneRuleSetForUserIdLengthAndCollidingNames()
    {
        string longId = new('x', 257); // the limit is 256 characters
        await using var runner = await RunnerSession.StartAsync(servers);
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "rules-" + runner.Tenant);
        await servers.PutUnderAsync(destination, "attributes/a.csv", Encoding.UTF8.GetBytes($"user_id,plan\nc1,pro\n{longId},free\n"));
        await servers.PutUnderAsync(destination, "attributes/b.jsonl", Encoding.UTF8.GetBytes(
            "{\"user_id\":\"j1\",\"plan\":\"pro\"}\n" +
            $"{{\"user_id\":\"{longId}\",\"plan\":\"free\"}}\n" +
            "{\"user_id\":\"j2\",\"Plan\":\"a\",\"plan\":\"b\"}\n"));
        await servers.PutUnderAsync(destination, "attributes/c.csv", Encoding.UTF8.GetBytes("user_id,Plan,plan\nc2,a,b\n"));

        var run = await RunImportAsync(runner, destination, new DateOnly(2026, 11, 24));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ImportResult>()!;
        Assert.Equal((3, 2, 1, 2L, 3L), (result.FilesSeen, result.FilesImported, result.FilesFailed, result.RowsImported, result.RowsRejected));
        string report = await this.GetTextAsync(destination, result.ErrorReportKey!);
        Assert.Contains($"attributes/a.csv,3,user id longer than 256 characters", report, StringComparison.Ordinal);
        Assert.Contains($"attributes/b.jsonl,2,user id longer than 256 characters", report, StringComparison.Ordinal);
        Assert.Contains("attributes/b.jsonl,3,'Plan' and 'plan' map to the same attribute name", report, StringComparison.Ordinal);
        Assert.Contains("attributes/c.csv,0,file not imported: the header cannot be used: 'Plan' and 'plan' map to the same attribute name", report, StringComparison.Ordinal);
        var store = runner.App.Services.GetRequiredService<IAttributeStore>();
        Assert.Null(await store.GetAsync(runner.Tenant, longId, CancellationToken.None));
        Assert.Null(await store.GetAsync(runner.Tenant, "j2", CancellationToken.None));
        Assert.Equal("pro", (await store.GetAsync(runner.Tenant, "j1", CancellationToken.None))!["plan"]);
    }

    private static Task<OrchestrationMetadata> RunImportAsync(RunnerSession runner, Destination destination, DateOnly day) =>
        runner.RunImportAsync(new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", day, Force: false));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private async Task<string> GetTextAsync(Destination destination, string key)
    {
        if (key == "none")
        {
            return string.Empty;
        }

        using var admin = servers.AdminS3();
        using var response = await admin.GetObjectAsync(destination.Bucket, key);
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
