using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Transfer;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Imports.Attributes;
using Orchestrator.Options;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The gzip part: the attribute file gzip-compressed in radosgw (<c>users.csv.gz</c>), imported end to end by our
/// durable import in-process, next to <c>gzip -dc</c> of the same file to /dev/null (the decompression floor), .NET's
/// GZipStream over it in this process, and our import of the uncompressed file; at two sizes, and once more with one
/// store call failing mid-file (503), so the chunk activity is retried and resumes from its checkpoint.
/// </summary>
internal static class GzipBenchmark
{
    public const string GzipDc = "`gzip -dc FILE >/dev/null` (local)";
    public const string InProcess = "GZipStream to Stream.Null (local, .NET, this process)";
    public const string Plain = "Our import of the uncompressed CSV";
    public const string Gzip = "Our import of the .csv.gz";
    public const string GzipRetry = "Our import of the .csv.gz, one store call failing mid-file (503)";
    private const double MiB = 1024 * 1024;

    public static string GzipPath(BenchSettings s, int rows) => Path.Combine(s.DataDir, AttributeData.FileName(rows) + ".gz");

    public static string GzipBucketPath(int rows) => "gz-" + OurImport.BucketPath(rows);

    public static async Task<GzipMeasurements> RunAsync(BenchSettings s)
    {
        var data = new GzipMeasurements { ChunkMiB = s.GzipChunkMiB };
        await UploadAsync(s, data);

        var tables = new TableServiceClient(s.StorageConnectionString);
        string tableName = new ImportOptions().AttributesTable;
        var table = tables.GetTableClient(tableName);
        int tenantNumber = 0;
        string NextTenant() => string.Create(CultureInfo.InvariantCulture, $"bench-gz-{DateTime.UtcNow:HHmmss}-{++tenantNumber}");

        FlakyAttributeStore? store = null;
        var overrides = new Dictionary<string, string?> { ["Import:ChunkMiB"] = s.GzipChunkMiB.ToString(CultureInfo.InvariantCulture) };
        await using var ours = await OurImport.StartAsync(s, overrides, services => services.AddSingleton<IAttributeStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ImportOptions>>().Value;
            return store = new FlakyAttributeStore(new TableAttributeStore(sp.GetRequiredService<TableServiceClient>().GetTableClient(options.AttributesTable), options.AttributeShards));
        }));
        int shards = ours.Services.GetRequiredService<IOptions<ImportOptions>>().Value.AttributeShards;

        async Task<GzipSample> Import(string what, int rows, bool gzip, int failOnCall)
        {
            await ImportBenchmark.ResetTableAsync(tables, tableName);
            string tenant = NextTenant();
            _ = ours.Services.GetRequiredService<IAttributeStore>();
            store!.Arm(failOnCall);
            var meter = new CpuMeter();
            var run = await ours.ImportAsync(rows, tenant, gzip ? GzipBucketPath(rows) : null);
            var cpu = meter.Stop();
            long stored = await StoredRows.CountAsync(table, tenant, shards);
            if (stored != rows)
            {
                throw new InvalidOperationException($"{what}: {stored} rows stored of {rows}");
            }

            var sample = new GzipSample(what, rows, run.Elapsed.TotalSeconds, cpu.ClientSeconds, store.RowsHanded, stored);
            Benchmark.Log($"gzip: {what}: {rows} rows in {sample.Seconds:0.00} s, client CPU {sample.ClientCpuSeconds:0.00} s, rows handed to the store {sample.RowsHanded} ({(double)sample.RowsHanded / rows:0.00}x), stored {stored}");
            return sample;
        }

        // Warm-up (JIT, connections): the smaller file, plain and gzip, not reported.
        int small = s.GzipRows[0];
        await Import(Plain, small, gzip: false, failOnCall: 0);
        await Import(Gzip, small, gzip: true, failOnCall: 0);

        foreach (int rows in s.GzipRows)
        {
            for (int i = 0; i < 3; i++)
            {
                data.Samples.Add(await GzipDcAsync(s, rows));
                data.Samples.Add(InProcessDecompression(s, rows));
            }

            data.Samples.Add(await Import(Plain, rows, gzip: false, failOnCall: 0));
            data.Samples.Add(await Import(Gzip, rows, gzip: true, failOnCall: 0));

            // The store is called once per batch of 2,000 rows: fail the call in the middle of the file.
            data.Samples.Add(await Import(GzipRetry, rows, gzip: true, failOnCall: Math.Max(1, rows / 2000 / 2)));
        }

        await ImportBenchmark.ResetTableAsync(tables, tableName);
        return data;
    }

    private static async Task<GzipSample> GzipDcAsync(BenchSettings s, int rows)
    {
        var meter = new CpuMeter();
        var result = (await Processes.RunAsync("bash", ["-c", "gzip -dc -- \"$0\" >/dev/null", GzipPath(s, rows)])).EnsureSuccess("gzip -dc");
        var cpu = meter.Stop();
        Benchmark.Log($"gzip: gzip -dc {rows} rows: {result.Elapsed.TotalSeconds:0.000} s, CPU {cpu.ClientSeconds:0.00} s");
        return new GzipSample(GzipDc, rows, result.Elapsed.TotalSeconds, cpu.ClientSeconds, 0, 0);
    }

    private static GzipSample InProcessDecompression(BenchSettings s, int rows)
    {
        var meter = new CpuMeter();
        var clock = Stopwatch.StartNew();
        using (var file = File.OpenRead(GzipPath(s, rows)))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            gzip.CopyTo(Stream.Null, 1 << 16);
        }

        clock.Stop();
        var cpu = meter.Stop();
        return new GzipSample(InProcess, rows, clock.Elapsed.TotalSeconds, cpu.ClientSeconds, 0, 0);
    }

    /// <summary>Generates, compresses (gzip -6, as `gzip` does by default) and uploads both files of each size, once.</summary>
    private static async Task UploadAsync(BenchSettings s, GzipMeasurements data)
    {
        using var admin = new S3Admin(s);
        await admin.EnsureBucketAsync(OurImport.Bucket);
        using var transfer = new TransferUtility(admin.Client);
        foreach (int rows in s.GzipRows)
        {
            string plain = AttributeData.Generate(s.DataDir, rows);
            string gz = GzipPath(s, rows);
            if (!File.Exists(gz))
            {
                Benchmark.Log($"gzip: compressing {plain}");
                (await Processes.RunAsync("bash", ["-c", "gzip -6 -c -- \"$0\" >\"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"", plain, gz])).EnsureSuccess("gzip -6");
            }

            data.Files[rows] = (new FileInfo(plain).Length, new FileInfo(gz).Length);
            foreach (var (path, key) in new[] { (plain, OurImport.ObjectKey(rows)), (gz, GzipBucketPath(rows) + "/" + OurImport.Prefix + "users.csv.gz") })
            {
                long size = new FileInfo(path).Length;
                try
                {
                    if ((await admin.Client.GetObjectMetadataAsync(OurImport.Bucket, key)).ContentLength == size)
                    {
                        continue;
                    }
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    // Not there yet.
                }

                Benchmark.Log($"gzip: uploading {path} ({size / MiB:0.0} MiB) to s3://{OurImport.Bucket}/{key}");
                await transfer.UploadAsync(new TransferUtilityUploadRequest { FilePath = path, BucketName = OurImport.Bucket, Key = key });
            }
        }
    }
}
