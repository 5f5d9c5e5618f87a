using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Domain;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.Options;
using Orchestrator.Reports;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runner.Security;
using Orchestrator.Security;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The load part: a runner host in this process (in-memory backend, its HTTP API on a free port), destinations spread
/// over several tenants, each with its own bucket, registered over the API; then every export and import POSTed at
/// once, as users start them, each timed from its POST to its completion. One destination's export and import run
/// first, unmeasured (JIT, first connections). Every run is checked afterwards; the buckets and the attribute table are
/// emptied at the end (radosgw's memstore and Azurite keep everything in memory).
/// </summary>
internal static class LoadBenchmark
{
    public const string Export = "export";
    public const string Import = "import";
    public const string Report = "sessions";
    public static readonly DateOnly Period = new(2026, 11, 24);
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static async Task<LoadMeasurements> RunAsync(BenchSettings s)
    {
        var l = s.Load;
        var data = new LoadMeasurements { AzuriteVersion = await ImportBenchmark.AzuriteVersionAsync() };
        var tables = new TableServiceClient(s.StorageConnectionString);
        string attributes = new ImportOptions().AttributesTable;
        await ImportBenchmark.ResetTableAsync(tables, attributes);
        File.Delete(Path.Combine(s.WorkDir, "load-secrets.json"));

        int port = FreePort.Next();

        // The API validates bearer tokens: the benchmark is an operator of the runner's own local issuer, as in the tests.
        await using var issuer = await LocalIssuer.StartAsync();
        var configuration = Configuration(s, port);
        foreach (var (key, value) in issuer.Settings)
        {
            configuration[key] = value;
        }

        var app = RunnerHost.Build([], configuration);
        await app.StartAsync();
        try
        {
            var runner = app.Configuration.GetSection(RunnerOptions.SectionName).Get<RunnerOptions>() ?? new RunnerOptions();
            var export = app.Services.GetRequiredService<IOptions<ExportOptions>>().Value;
            (data.MaxConcurrentOrchestrations, data.MaxConcurrentActivities) = (runner.MaxConcurrentOrchestrations, runner.MaxConcurrentActivities);
            (data.PartSizeMiB, data.MaxParallelParts, data.Compression) = (export.PartSizeMiB, export.MaxParallelParts, export.Compression.ToString());
            data.ImportChunkMiB = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.ChunkMiB;
            data.ExportCsvBytes = SyntheticInsightsReport.Length(l.ExportRows);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", issuer.Token(ApiRole.Operator, tenant: null, TimeSpan.FromHours(6), subject: "benchmark"));
            using var admin = new S3Admin(s);
            var client = app.Services.GetRequiredService<DurableTaskClient>();
            string tag = "load" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

            var warm = await PrepareAsync(s, http, admin, tag + "w", "bench-load-warm", 1, 1, 1, 1);
            data.WarmUp.AddRange(await StartAllAsync(client, http, warm, Stopwatch.StartNew()));
            Benchmark.Log($"load: warm-up {string.Join(", ", data.WarmUp.Select(w => $"{w.Kind} {w.Seconds:0.0} s {w.Status}"))}");

            Benchmark.Log($"load: registering {l.Destinations} destinations over {l.Tenants} tenants, {l.Imports} attribute files of {l.ImportRows} rows");
            var targets = await PrepareAsync(s, http, admin, tag, "bench-load", l.Destinations, l.Exports, l.Imports, l.Tenants);
            data.ImportFileBytes = AttributeData.Csv(1, l.ImportRows).LongLength;

            Benchmark.Log($"load: starting {l.Exports} exports ({l.ExportRows} rows each) and {l.Imports} imports together");
            var ownRss = new RssSampler(period: TimeSpan.FromMilliseconds(250));
            var azuriteRss = new RssSampler(s.AzuritePid ?? -1, TimeSpan.FromMilliseconds(250));
            data.RssBeforeBytes = ProcStatus.ReadKiB("VmRSS") * 1024;
            long azurite = ServerCpu.Ticks(s.AzuritePid);
            long radosgw = RadosgwTicks();
            var meter = new CpuMeter();
            var clock = Stopwatch.StartNew();
            data.Samples.AddRange(await StartAllAsync(client, http, targets, clock));
            data.WallSeconds = clock.Elapsed.TotalSeconds;
            data.Cpu = meter.Stop();
            data.AzuriteCpuSeconds = ServerCpu.Seconds(azurite, ServerCpu.Ticks(s.AzuritePid));
            data.RadosgwCpuSeconds = ServerCpu.Seconds(radosgw, RadosgwTicks());
            await ownRss.DisposeAsync();
            await azuriteRss.DisposeAsync();
            (data.RssMaxBytes, data.AzuriteRssMaxBytes) = (ownRss.Max, azuriteRss.Max);
            Benchmark.Log($"load: {data.Samples.Count(x => x.Completed)} of {data.Samples.Count} runs completed in {data.WallSeconds:0.0} s");

            await VerifyAsync(s, admin, tables.GetTableClient(attributes), data);
            Benchmark.Log("load: every run checked (objects, manifests, rows, run records, no multipart upload left)");

            foreach (var bucket in targets.Concat(warm).Select(t => t.Bucket).Distinct())
            {
                await admin.EmptyBucketAsync(bucket, collectGarbage: false);
            }

            await admin.CollectGarbageAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await ImportBenchmark.ResetTableAsync(tables, attributes);
        return data;
    }

    private static Dictionary<string, string?> Configuration(BenchSettings s, int port)
    {
        var configuration = OurExport.BaseConfiguration(s, "load-secrets.json");
        configuration["Reports:Source"] = "Synthetic";
        configuration["Reports:SyntheticRows"] = s.Load.ExportRows.ToString(CultureInfo.InvariantCulture);
        configuration["Runner:ApiUrl"] = $"http://127.0.0.1:{port}";
        if (s.Load.MaxConcurrentOrchestrations is { } orchestrations)
        {
            configuration["Runner:MaxConcurrentOrchestrations"] = orchestrations.ToString(CultureInfo.InvariantCulture);
        }

        if (s.Load.MaxConcurrentActivities is { } activities)
        {
            configuration["Runner:MaxConcurrentActivities"] = activities.ToString(CultureInfo.InvariantCulture);
        }

        return configuration;
    }

    /// <summary>Buckets, destinations (over the API: the secret goes to the secret store) and attribute files.</summary>
    private static async Task<List<LoadTarget>> PrepareAsync(
        BenchSettings s, HttpClient http, S3Admin admin, string tag, string bucketPrefix, int destinations, int exports, int imports, int tenants)
    {
        var targets = new LoadTarget[destinations];
        await Parallel.ForEachAsync(Enumerable.Range(0, destinations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var target = new LoadTarget(
                string.Create(CultureInfo.InvariantCulture, $"{tag}t{i % tenants}"),
                string.Create(CultureInfo.InvariantCulture, $"d{i:D3}"),
                destinations == 1 ? bucketPrefix : string.Create(CultureInfo.InvariantCulture, $"{bucketPrefix}-{i:D3}"),
                string.Create(CultureInfo.InvariantCulture, $"load/dest {i:D3}"),
                i < exports,
                i < imports,
                (i * s.Load.ImportRows) + 1);
            await admin.EnsureBucketAsync(target.Bucket);
            using var created = await http.PostAsJsonAsync(
                $"api/tenants/{target.Tenant}/destinations",
                new { destinationId = target.DestinationId, authMethod = "accessKey", bucket = target.Bucket, region = "us-east-1", bucketPath = target.BucketPath, accessKeyId = s.AccessKey, secretAccessKey = s.SecretKey },
                ct);
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"creating destination {target.Tenant}/{target.DestinationId} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
            }

            if (target.Import)
            {
                using var file = new MemoryStream(AttributeData.Csv(target.FirstUserRow, s.Load.ImportRows));
                await admin.Client.PutObjectAsync(new PutObjectRequest { BucketName = target.Bucket, Key = BucketPath.Combine(target.BucketPath, "attributes/users.csv"), InputStream = file }, ct);
            }

            targets[i] = target;
        });
        return [.. targets];
    }

    private static async Task<List<LoadSample>> StartAllAsync(DurableTaskClient client, HttpClient http, IReadOnlyList<LoadTarget> targets, Stopwatch clock)
    {
        string period = Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var runs = new List<Task<LoadSample>>();
        foreach (var t in targets)
        {
            if (t.Export)
            {
                runs.Add(RunAsync(client, http, clock, Export, t, new { tenant = t.Tenant, destinationId = t.DestinationId, report = Report, period }));
            }

            if (t.Import)
            {
                runs.Add(RunAsync(client, http, clock, Import, t, new { tenant = t.Tenant, destinationId = t.DestinationId }));
            }
        }

        return [.. await Task.WhenAll(runs)];
    }

    /// <summary>POSTs one run as a user would and waits for its completion; the clock runs from sending the request.</summary>
    private static async Task<LoadSample> RunAsync(DurableTaskClient client, HttpClient http, Stopwatch clock, string kind, LoadTarget target, object body)
    {
        var sent = clock.Elapsed;
        using var response = await http.PostAsJsonAsync($"api/{kind}s", body);
        string answer = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST api/{kind}s for {target.Tenant}/{target.DestinationId} answered {(int)response.StatusCode}: {answer}");
        }

        var accepted = clock.Elapsed;
        string id = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        var run = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        var done = clock.Elapsed;
        (long bytes, long rows, string? key) = (0, 0, null);
        if (run.RuntimeStatus == OrchestrationRuntimeStatus.Completed && run.SerializedOutput is { } output)
        {
            if (kind == Export)
            {
                var result = JsonSerializer.Deserialize<ExportResult>(output, WebJson)!;
                (bytes, rows, key) = (result.Bytes, result.Rows, result.ObjectKey);
            }
            else
            {
                var result = JsonSerializer.Deserialize<ImportResult>(output, WebJson)!;
                (bytes, rows) = (result.Bytes, result.RowsImported);
            }
        }

        return new LoadSample(
            kind, target, id, run.RuntimeStatus.ToString(), run.FailureDetails?.ErrorMessage,
            (done - sent).TotalSeconds, (accepted - sent).TotalSeconds, done.TotalSeconds, bytes, rows, key);
    }

    /// <summary>Every completed run delivered what it should: object and manifest, rows, run record; no upload left.</summary>
    private static async Task VerifyAsync(BenchSettings s, S3Admin admin, TableClient attributes, LoadMeasurements data)
    {
        var runs = new TableClient(s.StorageConnectionString, new StorageOptions().RunsTable);
        foreach (var sample in data.Samples.Where(x => x.Completed))
        {
            var t = sample.Target;
            if (sample.Kind == Export)
            {
                var head = await admin.Client.GetObjectMetadataAsync(t.Bucket, sample.ObjectKey);
                await admin.Client.GetObjectMetadataAsync(t.Bucket, Orchestrator.Exports.ExportNaming.ManifestKey(t.BucketPath, Report, Period));
                Check(sample, head.ContentLength == sample.Bytes && sample.Rows == s.Load.ExportRows, $"{head.ContentLength} bytes stored, {sample.Rows} rows");
            }
            else
            {
                int last = t.FirstUserRow + s.Load.ImportRows - 1;
                string user = AttributeData.UserId(last);
                var row = await attributes.GetEntityIfExistsAsync<TableEntity>(AttributeShards.PartitionKeyOf(t.Tenant, user, AttributeShards.DefaultCount), UserKeys.ToRowKey(user));
                Check(sample, sample.Rows == s.Load.ImportRows && row.HasValue && AttributeData.Columns.Skip(1).All(row.Value!.ContainsKey), $"{sample.Rows} rows imported, last user stored: {row.HasValue}");
            }

            var record = await runs.GetEntityIfExistsAsync<TableEntity>(t.Tenant, sample.RunId);
            Check(sample, record.HasValue && record.Value!.GetString("Status") == "Succeeded" && record.Value.GetInt64("Rows") == sample.Rows, "run record");
        }

        foreach (string bucket in data.Samples.Select(x => x.Target.Bucket).Distinct())
        {
            var uploads = await admin.Client.ListMultipartUploadsAsync(bucket);
            if ((uploads.MultipartUploads ?? []).Count > 0)
            {
                throw new InvalidOperationException($"multipart uploads left in {bucket}");
            }
        }
    }

    private static void Check(LoadSample sample, bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{sample.RunId}: {what} does not match what the run reported");
        }
    }

    /// <summary>The highest RSS of this process (which hosts the runner) and of Azurite, sampled every 250 ms.</summary>
    /// <summary>CPU ticks of radosgw and its OSD (RGW_PID, OSD_PID from rgw-up.sh), or -1 when unknown.</summary>
    private static long RadosgwTicks()
    {
        long total = 0;
        foreach (string name in new[] { "RGW_PID", "OSD_PID" })
        {
            long ticks = int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? ServerCpu.Ticks(pid) : -1;
            if (ticks < 0)
            {
                return -1;
            }

            total += ticks;
        }

        return total;
    }
}
