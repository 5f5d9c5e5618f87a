using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Azure;
using Azure.Data.Tables;
using Orchestrator.Options;

namespace Orchestrator.Benchmarks;

/// <summary>One timed import or limit run.</summary>
internal sealed record ImportSample(string Tool, int Rows, double Seconds, double ClientCpuSeconds, double AzuriteCpuSeconds, double MachineBusy)
{
    public double RowsPerSecond => this.Rows / this.Seconds;
}

/// <summary>The import part's measurements, in the order they were taken.</summary>
internal sealed class ImportMeasurements
{
    public List<string> Tools { get; } = [];

    public Dictionary<string, long> FileBytes { get; } = new(StringComparer.Ordinal);

    public List<ImportSample> WarmUp { get; } = [];

    public List<ImportSample> Rounds { get; } = [];

    public List<List<string>> Orders { get; } = [];

    public List<ImportSample> Large { get; } = [];

    public List<ChildImportResult> Memory { get; } = [];

    public List<ParseRun> Parse { get; } = [];

    public string AzuriteVersion { get; set; } = "?";
}

/// <summary>
/// The import part: the generated attribute file in radosgw imported into Azurite by our durable import, next to
/// the raw Azure.Data.Tables SDK upserting the same rows into the same table (the limit); the smaller file in
/// alternating rounds on one runner host, the larger once; peak memory of our import in a fresh process per size;
/// and the parse throughput of our CSV reader from local disk.
/// </summary>
internal static class ImportBenchmark
{
    public const string Ours = "Our import (durable orchestration, in-process)";
    public const string Sequential = "Raw SDK: batches of 100 UpsertMerge, one at a time";
    public const string ParallelPrefix = "Raw SDK: batches of 100 UpsertMerge, ";
    private const double MiB = 1024 * 1024;

    /// <summary>The limit with our store's concurrency (<c>TableAttributeStore</c> keeps 4 transactions in flight; --import-parallel).</summary>
    public static string Parallel(BenchSettings s) => ParallelPrefix + s.ImportParallel.ToString(CultureInfo.InvariantCulture) + " in flight (our store's concurrency)";

    public static async Task<ImportMeasurements> RunAsync(BenchSettings s)
    {
        var data = new ImportMeasurements();
        int small = s.ImportRows[0];
        int large = s.ImportRows[1];
        int[] sizes = s.ImportWarmupRows > 0 ? [s.ImportWarmupRows, small, large] : [small, large];

        foreach (int rows in sizes.Distinct())
        {
            Benchmark.Log($"import: generating {rows} rows");
            string path = AttributeData.Generate(s.DataDir, rows);
            data.FileBytes[AttributeData.FileName(rows)] = new FileInfo(path).Length;
        }

        data.AzuriteVersion = await AzuriteVersionAsync();
        await UploadAsync(s, sizes.Distinct());

        // The CPU side alone, before the servers are busy: reader only, then reader + everything up to the HTTP call.
        string largeFile = Path.Combine(s.DataDir, AttributeData.FileName(large));
        foreach (bool entities in new[] { false, true })
        {
            await ParseThroughput.RunAsync(largeFile, entities); // warm-up (JIT, page cache)
            for (int i = 0; i < 3; i++)
            {
                var run = await ParseThroughput.RunAsync(largeFile, entities);
                data.Parse.Add(run);
                Benchmark.Log($"import: parse {(entities ? "+entities" : "reader")}: {run.Bytes / MiB / run.Seconds:0} MiB/s, {run.Rows / run.Seconds:0} rows/s");
            }
        }

        var tables = new TableServiceClient(s.StorageConnectionString);
        string tableName = new ImportOptions().AttributesTable;
        var table = tables.GetTableClient(tableName);
        int tenantNumber = 0;
        string NextTenant() => string.Create(CultureInfo.InvariantCulture, $"bench-imp-{DateTime.UtcNow:HHmmss}-{++tenantNumber}");

        var tools = new List<string> { Ours, Parallel(s), Sequential };
        data.Tools.AddRange(tools);

        OurImport? ours = null;
        async Task<ImportSample> Measure(string tool, int rows)
        {
            await ResetTableAsync(tables, tableName);
            string tenant = NextTenant();
            var meter = new CpuMeter();
            long azurite = ServerCpu.Ticks(s.AzuritePid);
            TimeSpan elapsed = tool == Ours
                ? (await ours!.ImportAsync(rows, tenant)).Elapsed
                : await RawTableLimit.RunAsync(table, tenant, rows, tool == Sequential ? 1 : s.ImportParallel);
            var cpu = meter.Stop();
            var sample = new ImportSample(tool, rows, elapsed.TotalSeconds, cpu.ClientSeconds, ServerCpu.Seconds(azurite, ServerCpu.Ticks(s.AzuritePid)), cpu.MachineBusyFraction);
            await VerifyAsync(table, tenant, rows, tool);
            Benchmark.Log($"import: {tool}: {rows} rows in {sample.Seconds:0.00} s, {sample.RowsPerSecond:0} rows/s; client CPU {sample.ClientCpuSeconds:0.0} s, Azurite CPU {sample.AzuriteCpuSeconds:0.0} s, machine busy {sample.MachineBusy:P0}");
            return sample;
        }

        await using (ours = await OurImport.StartAsync(s))
        {
            if (s.ImportWarmupRows > 0)
            {
                foreach (string tool in tools)
                {
                    data.WarmUp.Add(await Measure(tool, s.ImportWarmupRows));
                }
            }

            for (int round = 1; round <= s.ImportRounds; round++)
            {
                var order = tools.Skip((round - 1) % tools.Count).Concat(tools.Take((round - 1) % tools.Count)).ToList();
                data.Orders.Add(order);
                foreach (string tool in order)
                {
                    data.Rounds.Add(await Measure(tool, small));
                }
            }

            // The larger file: the limit with our concurrency right before our import of it (which runs in its memory
            // child below, for its peak memory), the sequential limit right after it.
            data.Large.Add(await Measure(Parallel(s), large));
        }

        foreach (int rows in new[] { small, large })
        {
            await ResetTableAsync(tables, tableName);
            string tenant = NextTenant();
            var child = await RunChildAsync(s, rows, tenant);
            await VerifyAsync(table, tenant, rows, Ours + " (memory child)");
            data.Memory.Add(child);
            Benchmark.Log($"import: memory child {rows} rows: peak RSS {child.PeakRssBytes / MiB:0} MiB (after host start {child.PeakRssAfterStartBytes / MiB:0} MiB), median RSS {child.MedianRssBytes / MiB:0} MiB, {rows / child.ElapsedSeconds:0} rows/s");
        }

        data.Large.Add(await Measure(Sequential, large));

        // Leave Azurite's memory as it was found (it keeps every entity in memory).
        await ResetTableAsync(tables, tableName);
        return data;
    }

    /// <summary>An empty attribute table for each measurement: every run inserts into the same kind of table.</summary>
    internal static async Task ResetTableAsync(TableServiceClient tables, string name)
    {
        await tables.DeleteTableAsync(name);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await tables.CreateTableIfNotExistsAsync(name);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The last row is there with all its attributes (transactions fail as a whole, so the rest is too).</summary>
    private static async Task VerifyAsync(TableClient table, string tenant, int rows, string tool)
    {
        // Our import stores users in their shard ({tenant}~{shard}); the raw SDK baseline in one partition (tenant).
        string user = AttributeData.UserId(rows);
        var last = await table.GetEntityIfExistsAsync<TableEntity>(Orchestrator.Imports.Attributes.AttributeShards.PartitionKeyOf(tenant, user, Orchestrator.Imports.Attributes.AttributeShards.DefaultCount), user);
        if (!last.HasValue)
        {
            last = await table.GetEntityIfExistsAsync<TableEntity>(tenant, user);
        }

        if (!last.HasValue || last.Value is not { } entity || AttributeData.Columns.Skip(1).Any(c => !entity.ContainsKey(c)))
        {
            throw new InvalidOperationException($"{tool}: row {rows} of tenant {tenant} is missing or incomplete");
        }

        if (entity["last_seen"] is not DateTimeOffset || entity["score"] is not double || entity["age"] is not (int or long) || entity["active"] is not bool)
        {
            throw new InvalidOperationException($"{tool}: row {rows} of tenant {tenant} has other types than expected");
        }
    }

    private static async Task UploadAsync(BenchSettings s, IEnumerable<int> sizes)
    {
        using var admin = new S3Admin(s);
        await admin.EnsureBucketAsync(OurImport.Bucket);

        using var transfer = new TransferUtility(admin.Client);
        foreach (int rows in sizes)
        {
            string path = Path.Combine(s.DataDir, AttributeData.FileName(rows));
            string key = OurImport.ObjectKey(rows);
            long size = new FileInfo(path).Length;
            try
            {
                var head = await admin.Client.GetObjectMetadataAsync(OurImport.Bucket, key);
                if (head.ContentLength == size)
                {
                    continue;
                }
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Not there yet.
            }

            Benchmark.Log($"import: uploading {path} ({size / MiB:0.0} MiB) to s3://{OurImport.Bucket}/{key}");
            await transfer.UploadAsync(new TransferUtilityUploadRequest { FilePath = path, BucketName = OurImport.Bucket, Key = key });
        }
    }

    private static async Task<ChildImportResult> RunChildAsync(BenchSettings s, int rows, string tenant)
    {
        string self = typeof(Benchmark).Assembly.Location;
        var result = (await Processes.RunAsync("dotnet", [self, ChildImport.Mode, rows.ToString(CultureInfo.InvariantCulture), tenant, .. s.RawArgs], timeout: TimeSpan.FromMinutes(30)))
            .EnsureSuccess($"import memory child ({rows} rows)");
        string line = result.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ChildImport.Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the import memory child printed no result:\n{result.Output}\n{result.Error}");
        return JsonSerializer.Deserialize<ChildImportResult>(line[ChildImport.Marker.Length..])
            ?? throw new InvalidOperationException("unreadable import memory child result");
    }

    internal static async Task<string> AzuriteVersionAsync()
    {
        string package = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tools", "azurite", "node_modules", "azurite", "package.json");
        if (!File.Exists(package))
        {
            return "?";
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(package));
        return json.RootElement.TryGetProperty("version", out var version) ? "Azurite " + version.GetString() : "?";
    }
}
