using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using DuckDB.NET.Data;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports.Lake;

/// <summary>
/// Typed exports through the real orchestration (local runner) into radosgw, read back by DuckDB after downloading
/// every object: row counts and aggregates equal the synthetic source computed independently.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LakeExportEndToEndTests(ServersFixture servers) : IDisposable
{
    private const long Rows = 60_000;

    private readonly string directory = Directory.CreateTempSubdirectory("lake-e2e-").FullName;

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Fact]
    public async Task Parquet_HiveTemplate_MaxFileMiB_DatasetOfCompleteFiles_DuckDbReadsTheSource()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = Rows.ToString(CultureInfo.InvariantCulture) });
        string bucket = "lake-hive-" + runner.Tenant;
        var destination = await this.AddAsync(runner, bucket, new ExportLayout(ExportFormat.Parquet, ParquetCodec.Zstd, Orchestrator.Exports.ExportKeyTemplate.Hive, MaxFileMiB: 2));

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ExportResult>()!;
        using var admin = servers.AdminS3();
        var keys = (await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.True(result.Parts >= 2, $"expected several files, got {result.Parts}");
        Assert.Equal("lake/sessions/dt=2026-11-24/_manifest.json", result.ManifestKey);
        Assert.Equal(
            Enumerable.Range(1, result.Parts).Select(i => $"lake/sessions/dt=2026-11-24/part-{i:D5}.parquet").Append(result.ManifestKey).OrderBy(k => k, StringComparer.Ordinal),
            keys);

        var manifest = await ManifestAsync(admin, bucket, result.ManifestKey);
        Assert.Equal(2, manifest.Version);
        Assert.Equal("parquet", manifest.Format);
        Assert.Equal("zstd", manifest.Compression);
        Assert.Equal(result.Parts, manifest.Files!.Count);
        Assert.Equal(Rows, manifest.Files.Sum(f => f.Rows));
        Assert.Equal("decimal(18,2)", manifest.Schema.Types!.Single(c => c.Name == "revenue").Type);
        Assert.NotNull(manifest.Schema.Fingerprint);

        await this.DownloadAsync(admin, bucket, manifest.Files.Select(f => f.Key));
        await AssertSourceAggregatesAsync(runner.Tenant, $"read_parquet('{this.directory}/*.parquet')");
    }

    [Theory]
    [InlineData("jsonl.gz")]
    [InlineData("csv.gz")]
    [InlineData("csv")]
    public async Task OtherFormats_ThroughTheOrchestration_DuckDbReadsTheSource(string format)
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = Rows.ToString(CultureInfo.InvariantCulture) });
        string bucket = "lake-" + format.Replace(".", string.Empty, StringComparison.Ordinal) + "-" + runner.Tenant;
        Assert.True(ExportFormats.TryParse(format, out var parsed));
        var destination = await this.AddAsync(runner, bucket, new ExportLayout(parsed));

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ExportResult>()!;
        using var admin = servers.AdminS3();
        var manifest = await ManifestAsync(admin, bucket, result.ManifestKey);
        Assert.Equal(format, manifest.Format);
        Assert.EndsWith("." + format, result.ObjectKey, StringComparison.Ordinal);
        await this.DownloadAsync(admin, bucket, manifest.Files!.Select(f => f.Key));
        string table = format switch
        {
            "jsonl.gz" => $"(SELECT * REPLACE (CAST(revenue AS DECIMAL(18,2)) AS revenue) FROM read_json('{this.directory}/*.jsonl.gz', format = 'newline_delimited', columns = {{event_date: 'DATE', user_id: 'VARCHAR', platform: 'VARCHAR', sessions: 'BIGINT', revenue: 'VARCHAR'}}))",
            _ => $"read_csv('{this.directory}/*.{format}', header = true, columns = {{'event_date': 'DATE', 'user_id': 'VARCHAR', 'session_id': 'VARCHAR', 'platform': 'VARCHAR', 'country': 'VARCHAR', 'app_version': 'VARCHAR', 'sessions': 'BIGINT', 'events': 'BIGINT', 'screen_views': 'BIGINT', 'duration_seconds': 'BIGINT', 'revenue': 'DECIMAL(18,2)', 'is_new_user': 'BOOLEAN', 'last_seen_utc': 'TIMESTAMPTZ'}})",
        };
        await AssertSourceAggregatesAsync(runner.Tenant, table);
    }

    [Fact]
    public async Task Rerun_SwitchingCsvGzToParquet_RemovesOnlyOurUnchangedOldFiles()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "20000" });
        string bucket = "lake-switch-" + runner.Tenant;
        var destination = await this.AddAsync(runner, bucket, new ExportLayout(ExportFormat.CsvGzip));
        var request = runner.Request(destination);
        var first = await runner.RunExportAsync(request);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        var old = first.ReadOutputAs<ExportResult>()!;
        using var admin = servers.AdminS3();
        string folder = old.ManifestKey[..old.ManifestKey.LastIndexOf('/')];
        string customers = folder + "/customer-notes.txt";
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = customers, ContentBody = "ours, not the exporter's" });

        var second = await runner.RunExportAsync(request with { Format = ExportFormat.Parquet }, force: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        var keys = (await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key).ToList();
        Assert.DoesNotContain(old.ObjectKey, keys);
        Assert.Contains(customers, keys);
        Assert.Contains(keys, k => k.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(old.ManifestKey, keys);

        // Third run back to csv.gz, after the customer replaced one of our parquet files: that one is kept.
        var parquetKey = keys.Single(k => k.EndsWith(".parquet", StringComparison.Ordinal));
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = parquetKey, ContentBody = "changed by the customer" });
        var third = await runner.RunExportAsync(request with { Format = ExportFormat.CsvGzip }, force: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, third.RuntimeStatus);
        keys = (await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key).ToList();
        Assert.Contains(parquetKey, keys);
        Assert.Contains(customers, keys);
        Assert.Contains(old.ObjectKey, keys);
    }

    private static async Task<ExportManifest> ManifestAsync(Amazon.S3.AmazonS3Client admin, string bucket, string key)
    {
        using var response = await admin.GetObjectAsync(bucket, key);
        return (await JsonSerializer.DeserializeAsync<ExportManifest>(response.ResponseStream, RunnerSession.WebJson))!;
    }

    private static async Task AssertSourceAggregatesAsync(string tenant, string table)
    {
        var locator = new ReportLocator(tenant, "sessions", new DateOnly(2026, 11, 24));
        string csv;
        using (var stream = SyntheticInsightsReport.Open(locator, 0, SyntheticInsightsReport.Length(Rows)))
        using (var reader = new StreamReader(stream))
        {
            csv = await reader.ReadToEndAsync();
        }

        var rows = SourceCsv.Parse(csv).Skip(1).ToList();
        int Col(string name) => SyntheticInsightsReport.Columns.ToList().IndexOf(name);
        var expected = new[]
        {
            rows.Count.ToString(CultureInfo.InvariantCulture),
            rows.Sum(r => long.Parse(r[Col("sessions")], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
            rows.Select(r => r[Col("platform")]).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture),
            rows.Select(r => decimal.Parse(r[Col("revenue")], CultureInfo.InvariantCulture)).Sum().ToString("0.00", CultureInfo.InvariantCulture),
            rows.Select(r => r[Col("event_date")]).Min(StringComparer.Ordinal)!,
        };

        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST(count(*) AS VARCHAR), CAST(sum(sessions) AS VARCHAR), CAST(count(DISTINCT platform) AS VARCHAR), CAST(sum(revenue) AS VARCHAR), CAST(min(event_date) AS VARCHAR) FROM {table}";
        await using var result = await command.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(i => Convert.ToString(result.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
    }

    private async Task<Destination> AddAsync(RunnerSession runner, string bucket, ExportLayout layout)
    {
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        return await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "dest-" + bucket, bucket, "us-east-1", "lake", servers.AccessKey, servers.SecretKey, roleArn: null) with { Layout = layout });
    }

    private async Task DownloadAsync(Amazon.S3.AmazonS3Client admin, string bucket, IEnumerable<string> keys)
    {
        foreach (string key in keys)
        {
            using var response = await admin.GetObjectAsync(bucket, key);
            await using var file = File.Create(Path.Combine(this.directory, key[(key.LastIndexOf('/') + 1)..]));
            await response.ResponseStream.CopyToAsync(file);
        }
    }
}
