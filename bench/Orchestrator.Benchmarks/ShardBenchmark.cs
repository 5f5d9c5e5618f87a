using System.Globalization;
using Azure.Data.Tables;
using Orchestrator.Options;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The shard scale model: the same attribute file imported by our durable import (in-process) with
/// <c>Import:AttributeShards</c> = 1, 4, 8, 16 through <see cref="PartitionRateProxy"/>, which enforces a scaled-down
/// per-partition rate in front of Azurite; each shard count also once through the proxy without a limit (where Azurite,
/// the proxy and the client saturate). Every run's rows are counted afterwards, straight from Azurite.
/// </summary>
internal static class ShardBenchmark
{
    public static async Task<List<ShardSample>> RunAsync(BenchSettings s)
    {
        const int warmupRows = 2000;
        using (var admin = new S3Admin(s))
        {
            await admin.EnsureBucketAsync(OurImport.Bucket);
            using var transfer = new Amazon.S3.Transfer.TransferUtility(admin.Client);
            foreach (int rows in new[] { warmupRows, s.ShardRows })
            {
                string path = AttributeData.Generate(s.DataDir, rows);
                await transfer.UploadAsync(new Amazon.S3.Transfer.TransferUtilityUploadRequest { FilePath = path, BucketName = OurImport.Bucket, Key = OurImport.ObjectKey(rows) });
            }
        }

        var tables = new TableServiceClient(s.StorageConnectionString);
        string tableName = new ImportOptions().AttributesTable;
        var table = tables.GetTableClient(tableName);
        int tenantNumber = 0;
        string NextTenant() => string.Create(CultureInfo.InvariantCulture, $"bench-sh-{DateTime.UtcNow:HHmmss}-{++tenantNumber}");

        var samples = new List<ShardSample>();
        await using var throttled = await PartitionRateProxy.StartAsync(s.StorageConnectionString, s.ShardRate);
        await using var open = await PartitionRateProxy.StartAsync(s.StorageConnectionString, 0);
        foreach (int shards in s.ShardCounts)
        {
            foreach (var proxy in new[] { open, throttled })
            {
                double rate = proxy == open ? 0 : s.ShardRate;
                var overrides = new Dictionary<string, string?>
                {
                    ["Storage:ConnectionString"] = proxy.Through(s.StorageConnectionString),
                    ["Import:AttributeShards"] = shards.ToString(CultureInfo.InvariantCulture),
                };
                await using var ours = await OurImport.StartAsync(s, overrides);
                await ours.ImportAsync(warmupRows, NextTenant()); // new host: JIT, connections
                await ImportBenchmark.ResetTableAsync(tables, tableName);
                string tenant = NextTenant();
                long refusedBefore = proxy.Refused;
                var meter = new CpuMeter();
                long azurite = ServerCpu.Ticks(s.AzuritePid);
                var run = await ours.ImportAsync(s.ShardRows, tenant);
                var cpu = meter.Stop();
                double azuriteCpu = ServerCpu.Seconds(azurite, ServerCpu.Ticks(s.AzuritePid));
                long stored = await StoredRows.CountAsync(table, tenant, shards);
                if (stored != s.ShardRows)
                {
                    throw new InvalidOperationException($"shards {shards}, rate {rate}: {stored} rows stored of {s.ShardRows}");
                }

                var sample = new ShardSample(shards, rate, s.ShardRows, run.Elapsed.TotalSeconds, cpu.ClientSeconds, azuriteCpu, cpu.MachineBusyFraction, proxy.Refused - refusedBefore, stored);
                samples.Add(sample);
                Benchmark.Log($"shards: {shards} shard(s), {(rate > 0 ? $"{rate:0}/s per partition" : "no limit")}: {sample.RowsPerSecond:0} rows/s ({sample.Seconds:0.0} s), 503s {sample.Refused}, stored {stored}; client CPU {sample.ClientCpuSeconds:0.0} s, Azurite CPU {sample.AzuriteCpuSeconds:0.0} s, machine busy {sample.MachineBusy:P0}");
            }
        }

        await ImportBenchmark.ResetTableAsync(tables, tableName);
        return samples;
    }
}
