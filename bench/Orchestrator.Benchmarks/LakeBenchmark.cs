using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3.Transfer;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The lake part: a typed <c>sessions</c> report CSV (the catalog's report) exported by us as parquet, jsonl.gz and
/// csv.gz through the durable orchestration in this process, next to DuckDB converting the same CSV to Parquet plus
/// the raw SDK uploading the result, and <c>gzip -c | aws s3 cp -</c>. Rounds alternate the rows as the export part
/// does; every row is timed from reading the CSV to the object(s) being in the bucket.
/// </summary>
internal static class LakeBenchmark
{
    public const string Report = "sessions";
    public const string OursParquet = "Ours, parquet (snappy)";
    public const string OursJsonl = "Ours, jsonl.gz";
    public const string OursCsvGz = "Ours, csv.gz";
    public const string DuckDbPipeline = "DuckDB CSV->Parquet (snappy) + raw SDK TransferUtility";
    public const string GzipPipeline = @"`gzip -c FILE \| aws s3 cp - s3://...`"; // \| keeps the Markdown table intact

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static string ReportDirectory(BenchSettings s, int mib) => Path.Combine(s.DataDir, string.Create(CultureInfo.InvariantCulture, $"lake-{mib}m"));

    /// <summary>Makes the <paramref name="mib"/> MiB sessions report (if missing) and returns its file.</summary>
    public static string EnsureReport(BenchSettings s, int mib)
    {
        string file = Path.Combine(ReportDirectory(s, mib), Report + ".csv");
        LakeData.Ensure(file, (long)mib * 1024 * 1024);
        return file;
    }

    /// <summary>A started runner host reading reports from <paramref name="dir"/>, with the benchmark's destination registered.</summary>
    public static async Task<WebApplication> StartHostAsync(BenchSettings s, string dir)
    {
        var app = RunnerHost.Build([], Configuration(s, dir));
        await app.StartAsync();
        try
        {
            await RegisterDestinationAsync(app.Services, s);
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>One export of the sessions report in <paramref name="format"/>, timed from scheduling to completion; returns the bytes stored.</summary>
    public static async Task<(TimeSpan Elapsed, long StoredBytes)> ExportAsync(WebApplication app, ExportFormat format)
    {
        var request = new ExportRequest(OurExport.Tenant, OurExport.DestinationId, Report, OurExport.Period, format);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var clock = Stopwatch.StartNew();
        var outcome = await app.Services.GetRequiredService<ExportRunStarter>().StartAsync(client, request, force: true, timeout.Token);
        if (!outcome.Started)
        {
            throw new InvalidOperationException($"Lake export {outcome.InstanceId} was not started ({outcome.Metadata?.RuntimeStatus}).");
        }

        var finished = await client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: true, timeout.Token);
        clock.Stop();
        if (finished.RuntimeStatus != OrchestrationRuntimeStatus.Completed || finished.SerializedOutput is null)
        {
            throw new InvalidOperationException($"Lake export {outcome.InstanceId} ({format}) ended {finished.RuntimeStatus}: {finished.FailureDetails?.ErrorMessage}");
        }

        var result = JsonSerializer.Deserialize<ExportResult>(finished.SerializedOutput, WebJson)
            ?? throw new InvalidOperationException("The export returned no result.");
        return (clock.Elapsed, result.Bytes);
    }

    public static async Task<LakeMeasurements> RunAsync(BenchSettings s)
    {
        string file = EnsureReport(s, s.LakeMiB);
        var data = new LakeMeasurements { CsvBytes = new FileInfo(file).Length };
        using var admin = new S3Admin(s);
        await admin.EnsureBucketAsync();
        await admin.EmptyBucketAsync();

        var app = await StartHostAsync(s, Path.GetDirectoryName(file)!);
        try
        {
            var rows = Rows(s, admin, app, file);
            // Warm-up: every row once, not recorded.
            foreach (var row in rows)
            {
                await row.Run(0);
                await admin.EmptyBucketAsync();
            }

            for (int round = 1; round <= s.LakeRounds; round++)
            {
                var order = round % 2 == 1 ? rows : [.. Enumerable.Reverse(rows)];
                foreach (var row in order)
                {
                    var meter = new CpuMeter();
                    var (elapsed, stored) = await row.Run(round);
                    var cpu = meter.Stop();
                    data.Samples.Add(new LakeSample(row.Name, round, elapsed.TotalSeconds, stored, cpu.ClientSeconds, cpu.MachineBusyFraction));
                    Benchmark.Log(string.Create(CultureInfo.InvariantCulture, $"lake round {round} {row.Name}: {elapsed.TotalSeconds:0.00} s, {stored / 1048576.0:0.0} MiB stored, client CPU {cpu.ClientSeconds:0.0} s, machine busy {cpu.MachineBusyFraction:P0}"));
                    await admin.EmptyBucketAsync();
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // Peak memory of our parquet export, a fresh process per run (as the export part's memory rows).
        foreach (int mib in s.LakeMemoryMiB)
        {
            EnsureReport(s, mib); // generated here, so that the child's peak is the export's alone
            for (int repeat = 0; repeat < s.MemoryRepeats; repeat++)
            {
                var child = await RunChildAsync(s, mib);
                data.Memory.Add(child);
                Benchmark.Log(string.Create(CultureInfo.InvariantCulture, $"lake memory child parquet {mib} MiB: peak RSS {child.PeakRssBytes / 1048576.0:0} MiB ({child.ElapsedSeconds:0.0} s)"));
                await admin.EmptyBucketAsync();
            }
        }

        return data;
    }

    private static async Task<ChildResult> RunChildAsync(BenchSettings s, int mib)
    {
        string self = typeof(Benchmark).Assembly.Location;
        var result = (await Processes.RunAsync("dotnet", [self, LakeChild.Mode, mib.ToString(CultureInfo.InvariantCulture), .. s.RawArgs])).EnsureSuccess($"lake memory child ({mib} MiB)");
        string line = result.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ChildExport.Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the lake memory child printed no result:\n{result.Output}\n{result.Error}");
        return JsonSerializer.Deserialize<ChildResult>(line[ChildExport.Marker.Length..])
            ?? throw new InvalidOperationException("unreadable lake memory child result");
    }

    private static Dictionary<string, string?> Configuration(BenchSettings s, string dir)
    {
        var configuration = OurExport.BaseConfiguration(s, "secrets-lake.json");
        configuration["Reports:Source"] = "LocalFile";
        configuration["Reports:Directory"] = dir;
        configuration["Export:PartSizeMiB"] = s.Export.PartSizeMiB.ToString(CultureInfo.InvariantCulture);
        configuration["Export:MaxParallelParts"] = s.Export.MaxParallelParts.ToString(CultureInfo.InvariantCulture);
        configuration["Runner:MaxConcurrentActivities"] = s.Export.MaxConcurrentActivities.ToString(CultureInfo.InvariantCulture);
        return configuration;
    }

    private static async Task RegisterDestinationAsync(IServiceProvider services, BenchSettings s)
    {
        var draft = new DestinationDraft(OurExport.Tenant, OurExport.DestinationId, AuthMethod.AccessKey, s.Bucket, "us-east-1", "lake", s.AccessKey, s.SecretKey, null);
        await services.GetRequiredService<DestinationService>().CreateOrReplaceAsync(draft, CancellationToken.None);
    }

    private static List<LakeRow> Rows(BenchSettings s, S3Admin admin, WebApplication app, string file)
    {
        string awsConfig = Path.Combine(s.WorkDir, "aws-config");
        File.WriteAllText(awsConfig, "[default]\nregion = us-east-1\n");
        var awsEnv = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = s.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = s.SecretKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = awsConfig,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(s.WorkDir, "aws-credentials-none"),
            ["AWS_PAGER"] = string.Empty,
        };
        string[] removed = ["AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS", "AWS_SESSION_TOKEN"];
        string parquetOut = Path.Combine(s.WorkDir, "lake-duckdb.parquet");

        Task<(TimeSpan, long)> Ours(ExportFormat format) => ExportAsync(app, format);

        return
        [
            new(OursParquet, _ => Ours(ExportFormat.Parquet)),
            new(DuckDbPipeline, async run =>
            {
                var clock = Stopwatch.StartNew();
                File.Delete(parquetOut);
                using (var connection = new DuckDBConnection("Data Source=:memory:"))
                {
                    await connection.OpenAsync();
                    using var command = connection.CreateCommand();
                    command.CommandText = $"COPY (SELECT * FROM read_csv('{file.Replace("'", "''", StringComparison.Ordinal)}', header = true)) TO '{parquetOut.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet, COMPRESSION snappy)";
                    await command.ExecuteNonQueryAsync();
                }

                using var transfer = new TransferUtility(admin.Client);
                await transfer.UploadAsync(parquetOut, s.Bucket, string.Create(CultureInfo.InvariantCulture, $"peers/duckdb/{Report}-{run}.parquet"));
                clock.Stop();
                return (clock.Elapsed, new FileInfo(parquetOut).Length);
            }),
            new(OursJsonl, _ => Ours(ExportFormat.JsonLinesGzip)),
            new(OursCsvGz, _ => Ours(ExportFormat.CsvGzip)),
            new(GzipPipeline, async run =>
            {
                string key = string.Create(CultureInfo.InvariantCulture, $"{s.Bucket}/peers/gzip/{Report}-{run}.csv.gz");
                var result = (await Processes.RunAsync(
                    "/bin/bash",
                    ["-c", "set -o pipefail; gzip -c \"$1\" | \"$2\" s3 cp - \"s3://$3\" --endpoint-url \"$4\" --only-show-errors", "lake-gzip", file, s.AwsCli, key, s.S3Endpoint],
                    awsEnv,
                    removed)).EnsureSuccess("gzip | aws s3 cp");
                var head = await admin.Client.GetObjectMetadataAsync(s.Bucket, key[(s.Bucket.Length + 1)..]);
                return (result.Elapsed, head.ContentLength);
            }),
        ];
    }
}
