using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using Azure.Data.Tables;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Nightly;
using Orchestrator.Options;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;

namespace Orchestrator.Benchmarks;

/// <summary>
/// One night on one backend, times in seconds from the moment <see cref="NightlyStarter.StartAsync"/> was called (what
/// the timer does): when the first and the last run started and finished (from their run records), and when the
/// scheduler itself finished (after storing the summary).
/// </summary>
internal sealed record NightlySample(
    string Backend,
    int Runs,
    int MaxConcurrentRuns,
    int PageSize,
    double FirstRunStarted,
    double LastRunStarted,
    double LastRunFinished,
    double NightFinished,
    double MedianRunSeconds,
    double RunSecondsSum,
    double ClientCpuSeconds,
    double AzuriteCpuSeconds,
    double MachineBusy)
{
    /// <summary>Runs completed per minute over the whole night (starter call to the scheduler's completion).</summary>
    public double RunsPerMinute => this.Runs / this.NightFinished * 60;

    /// <summary>Runs in flight on average while runs were running: how full the scheduler kept its window.</summary>
    public double AverageInFlight => this.RunSecondsSum / (this.LastRunFinished - this.FirstRunStarted);
}

/// <summary>The nightly part's measurements.</summary>
internal sealed class NightlyMeasurements
{
    public List<NightlySample> Samples { get; } = [];

    public int Rows { get; set; }

    public long ReportBytes { get; set; }
}

/// <summary>
/// The nightly fan-out on the local runner, in this process (<see cref="RunnerHost"/>), against the same radosgw and
/// Azurite as the rest of the benchmark: N destinations of one tenant, each scheduled to export one small synthetic
/// report, in a destinations table of their own, for each backend (in-memory, then Azure Storage on Azurite on a task
/// hub of its own). Every night is checked: N runs started and succeeded, N run records, 2N objects.
/// </summary>
internal static class NightlyBenchmark
{
    public const string Report = "sessions";
    public static readonly DateOnly Night = new(2026, 11, 20);

    public static async Task<NightlyMeasurements> RunAsync(BenchSettings s)
    {
        var data = new NightlyMeasurements { Rows = s.NightlyRows };
        using var admin = new S3Admin(s);
        await admin.EnsureBucketAsync();
        await admin.EmptyBucketAsync();
        foreach (var backend in s.NightlyBackends)
        {
            var sample = await MeasureAsync(s, backend, admin, data);
            data.Samples.Add(sample);
            Benchmark.Log(string.Create(CultureInfo.InvariantCulture, $"nightly {backend}: {sample.Runs} runs in {sample.NightFinished:0.0} s ({sample.RunsPerMinute:0} runs/min); first run started {sample.FirstRunStarted:0.00} s, last {sample.LastRunStarted:0.0} s, last finished {sample.LastRunFinished:0.0} s; median run {sample.MedianRunSeconds:0.00} s; {sample.AverageInFlight:0.0} in flight of {sample.MaxConcurrentRuns}; client CPU {sample.ClientCpuSeconds:0.0} s, Azurite CPU {sample.AzuriteCpuSeconds:0.0} s, machine busy {sample.MachineBusy:P0}"));
            await admin.EmptyBucketAsync();
        }

        return data;
    }

    private static async Task<NightlySample> MeasureAsync(BenchSettings s, DurableBackendKind backend, S3Admin admin, NightlyMeasurements data)
    {
        string stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        string tenant = $"bench-night-{backend.ToString().ToLowerInvariant()}-{stamp}";
        string table = $"BenchNight{backend}{stamp}";
        var configuration = OurExport.Configuration(s, s.Export);
        configuration["Reports:Source"] = "Synthetic";
        configuration["Reports:SyntheticRows"] = s.NightlyRows.ToString(CultureInfo.InvariantCulture);
        configuration["Storage:DestinationsTable"] = table;
        configuration["Runner:Backend"] = backend.ToString();
        configuration["Runner:TaskHub"] = "benchnight" + stamp;
        configuration.Remove("Runner:MaxConcurrentActivities"); // the runner's defaults, as `orchestrator serve` runs nights

        var app = RunnerHost.Build([], configuration);
        await app.StartAsync();
        try
        {
            var services = app.Services;
            var client = services.GetRequiredService<DurableTaskClient>();
            var options = services.GetRequiredService<IOptions<NightlyOptions>>().Value;
            Benchmark.Log($"nightly {backend}: registering {s.NightlyDestinations} destinations of tenant {tenant} in table {table}");
            await RegisterAsync(services, s, tenant, stamp, backend);
            await WarmUpAsync(services, client, tenant);

            var meter = new CpuMeter();
            long azurite = ServerCpu.Ticks(s.AzuritePid);
            var t0 = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var outcome = await NightlyStarter.StartAsync(client, options, Night, restart: false, forceRuns: false, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromHours(2));
            var night = await client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: false, timeout.Token);
            double nightFinished = clock.Elapsed.TotalSeconds;
            var cpu = meter.Stop();
            double azuriteCpu = ServerCpu.Seconds(azurite, ServerCpu.Ticks(s.AzuritePid));
            if (night.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"nightly {backend}: the night ended {night.RuntimeStatus}: {night.FailureDetails?.ErrorMessage}");
            }

            var records = await VerifyAsync(s, services, admin, tenant, stamp, backend);
            data.ReportBytes = SyntheticBytes(s.NightlyRows);
            double Since(DateTimeOffset at) => (at - t0).TotalSeconds;
            var durations = records.Select(r => (r.FinishedAt!.Value - r.StartedAt).TotalSeconds).ToList();
            var sample = new NightlySample(
                backend.ToString(),
                records.Count,
                options.MaxConcurrentRuns,
                options.PageSize,
                Since(records.Min(r => r.StartedAt)),
                Since(records.Max(r => r.StartedAt)),
                Since(records.Max(r => r.FinishedAt!.Value)),
                nightFinished,
                Benchmark.Median(durations),
                durations.Sum(),
                cpu.ClientSeconds,
                azuriteCpu,
                cpu.MachineBusyFraction);

            await new TableServiceClient(s.StorageConnectionString).DeleteTableAsync(table); // Azurite keeps it in memory
            return sample;
        }
        finally
        {
            var service = app.Services.GetRequiredService<IOrchestrationService>();
            await app.StopAsync();
            if (backend == DurableBackendKind.AzureStorage)
            {
                await service.DeleteAsync(); // the task hub's queues and tables, also kept in Azurite's memory
            }

            await app.DisposeAsync();
        }
    }

    /// <summary>One export outside the night, so the night does not pay for JIT compilation and first connections.</summary>
    private static async Task WarmUpAsync(IServiceProvider services, DurableTaskClient client, string tenant)
    {
        var outcome = await services.GetRequiredService<Orchestrator.Exports.ExportRunStarter>().StartAsync(
            client, new Orchestrator.Exports.Models.ExportRequest(tenant, "d0", Report, Night.AddDays(-1)), force: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var run = await client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: false, timeout.Token);
        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"warm-up export ended {run.RuntimeStatus}: {run.FailureDetails?.ErrorMessage}");
        }
    }

    private static string Prefix(string stamp, DurableBackendKind backend) => $"nightly-{stamp}/{backend.ToString().ToLowerInvariant()}";

    private static async Task RegisterAsync(IServiceProvider services, BenchSettings s, string tenant, string stamp, DurableBackendKind backend)
    {
        var destinations = services.GetRequiredService<DestinationService>();
        await Parallel.ForEachAsync(Enumerable.Range(0, s.NightlyDestinations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => await destinations.CreateAsync(
            new DestinationDraft(
                tenant, $"d{i}", AuthMethod.AccessKey, s.Bucket, "us-east-1", $"{Prefix(stamp, backend)}/d{i}", s.AccessKey, s.SecretKey, null,
                new DestinationSchedule(Enabled: true, [Report], Import: false)),
            ct));
    }

    /// <summary>The night's summary, one succeeded run record per destination for the night, and 2N objects (object + manifest).</summary>
    private static async Task<List<RunRecord>> VerifyAsync(BenchSettings s, IServiceProvider services, S3Admin admin, string tenant, string stamp, DurableBackendKind backend)
    {
        int n = s.NightlyDestinations;
        var summary = await services.GetRequiredService<INightStore>().GetAsync(Night, CancellationToken.None)
            ?? throw new InvalidOperationException("no night summary was stored");
        if (!summary.Finished || summary.Destinations != n || summary.Started != n || summary.Succeeded != n || summary.Failed != 0)
        {
            throw new InvalidOperationException($"nightly {backend}: summary {summary.Destinations} destinations, {summary.Started} started, {summary.Succeeded} succeeded, {summary.Failed} failed ({string.Join("; ", summary.Failures.Take(3).Select(f => f.Reason))})");
        }

        var runs = services.GetRequiredService<IRunStore>();
        var records = new List<RunRecord>();
        foreach (int i in Enumerable.Range(0, n))
        {
            string id = Orchestrator.Exports.ExportNaming.InstanceId(new Orchestrator.Exports.Models.ExportRequest(tenant, $"d{i}", Report, Night));
            var record = await runs.GetAsync(tenant, id, CancellationToken.None);
            if (record is not { Status: RunStatus.Succeeded, FinishedAt: not null })
            {
                throw new InvalidOperationException($"nightly {backend}: run {id} is {record?.Status.ToString() ?? "missing"}");
            }

            records.Add(record);
        }

        int objects = 0;
        var request = new ListObjectsV2Request { BucketName = s.Bucket, Prefix = Prefix(stamp, backend) + "/" };
        ListObjectsV2Response page;
        do
        {
            page = await admin.Client.ListObjectsV2Async(request);
            objects += page.S3Objects?.Count ?? 0;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        // The warm-up export of d0 (previous day) is under the same prefix.
        if (objects != (2 * n) + 2)
        {
            throw new InvalidOperationException($"nightly {backend}: {objects} objects under the night's prefix, expected {(2 * n) + 2}");
        }

        return records;
    }

    private static long SyntheticBytes(int rows) => Orchestrator.Reports.SyntheticInsightsReport.Length(rows);
}
