using System.Globalization;
using System.Text.Json;
using Amazon.S3.Transfer;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;

namespace Orchestrator.Benchmarks;

/// <summary>One way of uploading the benchmark file; returns the upload's wall time and the key it wrote.</summary>
internal sealed record UploadTool(string Name, string What, Func<int, Task<(TimeSpan Elapsed, string Key)>> UploadAsync);

/// <summary>The measurements, in the order they were taken.</summary>
internal sealed class Measurements
{
    public List<string> Tools { get; } = [];

    public Dictionary<string, List<double>> Rounds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> WarmUp { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<CpuUse>> Cpu { get; } = new(StringComparer.Ordinal);

    public List<(ExportSettings Settings, List<double> Ours, double Sdk)> Sweep { get; } = [];

    public List<ChildResult> Memory { get; } = [];

    public List<List<string>> Orders { get; } = [];

    /// <summary>CPU cost of each integrity header per part (one core, no server).</summary>
    public List<IntegrityCostRow> Integrity { get; } = [];
}

/// <summary>The whole benchmark: warm-up, alternating rounds, optional sweep of our settings, memory children, report.</summary>
internal static class Benchmark
{
    public const string Ours = "Our export (durable orchestration, in-process)";
    public const string OursCli = "Our export via `orchestrator export` (whole process)";
    public const string RawSdk = "Raw SDK TransferUtility";
    public const string AwsCli = "AWS CLI (`/usr/bin/aws s3 cp`)";
    public const string Rclone = "rclone (`rclone copyto`)";
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = BenchSettings.Parse(args);
        Directory.CreateDirectory(settings.WorkDir);
        if (settings.ExportPart)
        {
            foreach (string report in settings.MemoryReports.Prepend(settings.Report))
            {
                if (!File.Exists(settings.ReportPath(report)))
                {
                    throw new ArgumentException($"report file {settings.ReportPath(report)} does not exist");
                }
            }
        }

        var facts = await MachineFacts.CollectAsync(settings);
        (Measurements Data, long Size)? export = settings.ExportPart ? await RunExportAsync(settings) : null;
        ImportMeasurements? import = settings.ImportPart ? await ImportBenchmark.RunAsync(settings) : null;
        LoadMeasurements? load = settings.Load.Enabled ? await LoadBenchmark.RunAsync(settings) : null;
        NightlyMeasurements? nightly = settings.NightlyPart ? await NightlyBenchmark.RunAsync(settings) : null;
        GzipMeasurements? gzip = settings.GzipPart ? await GzipBenchmark.RunAsync(settings) : null;
        List<ShardSample>? shards = settings.ShardPart ? await ShardBenchmark.RunAsync(settings) : null;
        LakeMeasurements? lake = settings.LakePart ? await LakeBenchmark.RunAsync(settings) : null;

        facts.LoadAfter = MachineFacts.LoadAverage();
        string? previous = settings.Out is not null && File.Exists(settings.Out) ? await File.ReadAllTextAsync(settings.Out) : null;
        string markdown = Report.Compose(
            facts,
            export is { } e ? Report.Render(settings, facts, e.Data, e.Size) : null,
            import is not null ? ImportReport.Render(settings, facts, import) : null,
            previous,
            load is not null ? LoadReport.Render(settings, facts, load) : null,
            nightly is not null ? NightlyReport.Render(settings, facts, nightly) : null,
            [("gzip", gzip is not null ? GzipReport.Render(settings, gzip) : null), ("shards", shards is not null ? ShardReport.Render(settings, facts, shards) : null), ("lake", lake is not null ? LakeReport.Render(settings, facts, lake) : null)]);
        if (settings.Out is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
            await File.WriteAllTextAsync(settings.Out, markdown);
            Log($"wrote {settings.Out}");
        }

        Console.WriteLine();
        Console.WriteLine(markdown);
        return 0;
    }

    private static async Task<(Measurements Data, long Size)> RunExportAsync(BenchSettings settings)
    {
        long size = new FileInfo(settings.ReportPath(settings.Report)).Length;
        Log($"file {settings.ReportPath(settings.Report)}: {size / MiB:0} MiB; radosgw {settings.S3Endpoint}; our export {settings.Export.Label}");
        using var admin = new S3Admin(settings);
        await admin.EnsureBucketAsync();
        await admin.EmptyBucketAsync();

        var data = new Measurements();
        data.Integrity.AddRange(IntegrityCost.Measure(settings.Export.PartSizeMiB, rounds: 20));
        await using (var ours = await OurExport.StartAsync(settings, settings.Export))
        {
            var tools = Tools(settings, admin, ours, size);
            data.Tools.AddRange(tools.Select(t => t.Name));

            // Warm-up: a freshly started radosgw is several times slower at first, and .NET code is not JIT-compiled yet.
            foreach (var tool in tools)
            {
                var (rate, _) = await MeasureAsync(tool, 0, size, admin);
                data.WarmUp[tool.Name] = rate;
            }

            await admin.EmptyBucketAsync();

            foreach (var candidate in settings.Sweep)
            {
                data.Sweep.Add(await SweepAsync(settings, admin, candidate, tools.Single(t => t.Name == RawSdk), size));
                await admin.EmptyBucketAsync();
            }

            for (int round = 1; round <= settings.Rounds; round++)
            {
                // Alternate: every tool goes first once in a while, so slow drifts of the server hit all tools alike.
                var order = tools.Skip((round - 1) % tools.Count).Concat(tools.Take((round - 1) % tools.Count)).ToList();
                data.Orders.Add([.. order.Select(t => t.Name)]);
                foreach (var tool in order)
                {
                    var (rate, cpu) = await MeasureAsync(tool, round, size, admin);
                    if (!data.Rounds.TryGetValue(tool.Name, out var list))
                    {
                        data.Rounds[tool.Name] = list = [];
                        data.Cpu[tool.Name] = [];
                    }

                    list.Add(rate);
                    data.Cpu[tool.Name].Add(cpu);
                }

                await admin.EmptyBucketAsync();
            }
        }

        for (int repeat = 1; repeat <= settings.MemoryRepeats; repeat++)
        {
            foreach (string report in settings.MemoryReports)
            {
                var child = await RunChildAsync(settings, report);
                data.Memory.Add(child);
                Log($"memory: {report} peak RSS {child.PeakRssBytes / MiB:0} MiB (after host start {child.PeakRssAfterStartBytes / MiB:0} MiB), export {child.ReportBytes / MiB / child.ElapsedSeconds:0} MiB/s");
                await admin.EmptyBucketAsync();
            }
        }

        return (data, size);
    }

    private static List<UploadTool> Tools(BenchSettings s, S3Admin admin, OurExport ours, long size)
    {
        string file = s.ReportPath(s.Report);
        string PeerKey(string tool, int run) => $"peers/{tool}/{s.Report}-{run}.csv";
        string ourKey = ExportNaming.ObjectKey(OurExport.BucketPath, s.Report, OurExport.Period, ExportCompression.None);

        // The peers get only what they need to reach radosgw; no user config files may change their behaviour.
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
        var rcloneEnv = new Dictionary<string, string?>
        {
            ["RCLONE_CONFIG"] = Path.Combine(s.WorkDir, "rclone.conf"),
            ["RCLONE_CONFIG_RGW_TYPE"] = "s3",
            ["RCLONE_CONFIG_RGW_PROVIDER"] = "Ceph",
            ["RCLONE_CONFIG_RGW_ENDPOINT"] = s.S3Endpoint,
            ["RCLONE_CONFIG_RGW_ACCESS_KEY_ID"] = s.AccessKey,
            ["RCLONE_CONFIG_RGW_SECRET_ACCESS_KEY"] = s.SecretKey,
            ["RCLONE_CONFIG_RGW_REGION"] = "us-east-1",
        };
        File.WriteAllText(Path.Combine(s.WorkDir, "rclone.conf"), string.Empty);
        // rclone fails with LoadCustomCABundleError when AWS_CA_BUNDLE is set; neither peer needs TLS settings here.
        string[] removed = ["AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS", "AWS_SESSION_TOKEN"];

        var tools = new List<UploadTool>
        {
            new(Ours, "ExportRunStarter.StartAsync .. WaitForInstanceCompletionAsync on a started RunnerHost", async run =>
            {
                var result = await ours.ExportAsync(s.Report);
                if (result.Result.Bytes != size)
                {
                    throw new InvalidOperationException($"our export uploaded {result.Result.Bytes} of {size} bytes");
                }

                return (result.Elapsed, result.Result.ObjectKey);
            }),
            new(RawSdk, "TransferUtility.UploadAsync(file, bucket, key), default TransferUtilityConfig", async run =>
            {
                string key = PeerKey("sdk", run);
                using var transfer = new TransferUtility(admin.Client);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await transfer.UploadAsync(file, s.Bucket, key);
                return (clock.Elapsed, key);
            }),
            new(AwsCli, "aws s3 cp FILE s3://... --endpoint-url URL (default multipart settings)", async run =>
            {
                string key = PeerKey("aws", run);
                var result = (await Processes.RunAsync(
                    s.AwsCli,
                    ["s3", "cp", file, $"s3://{s.Bucket}/{key}", "--endpoint-url", s.S3Endpoint, "--only-show-errors", "--no-progress"],
                    awsEnv,
                    removed)).EnsureSuccess("aws s3 cp");
                return (result.Elapsed, key);
            }),
            new(Rclone, "rclone copyto FILE rgw:bucket/key (s3 provider Ceph, default chunk size and concurrency)", async run =>
            {
                string key = PeerKey("rclone", run);
                var result = (await Processes.RunAsync(s.Rclone, ["copyto", file, $"rgw:{s.Bucket}/{key}"], rcloneEnv, removed)).EnsureSuccess("rclone copyto");
                return (result.Elapsed, key);
            }),
        };

        tools.AddRange(SseKmsTools.Create(s, admin, ours, size, file, PeerKey));
        tools.AddRange(IntegrityTools.Create(s, admin, file, PeerKey));

        if (s.OrchestratorDll is not null)
        {
            var env = OurExport.Configuration(s, s.Export).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
            tools.Add(new(OursCli, "time of `dotnet orchestrator.dll export ... --force`, host start-up and shutdown included", async run =>
            {
                var result = (await Processes.RunAsync(
                    "dotnet",
                    [s.OrchestratorDll, "export", "--tenant", OurExport.Tenant, "--destination", OurExport.DestinationId, "--report", s.Report,
                        "--period", OurExport.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--force"],
                    env)).EnsureSuccess("orchestrator export");
                return (result.Elapsed, ourKey);
            }));
        }

        return tools;
    }

    private static async Task<(double Rate, CpuUse Cpu)> MeasureAsync(UploadTool tool, int round, long size, S3Admin admin)
    {
        var meter = new CpuMeter();
        var (elapsed, key) = await tool.UploadAsync(round);
        var cpu = meter.Stop();
        await admin.VerifyAsync(key, size, tool.Name);
        double rate = size / MiB / elapsed.TotalSeconds;
        Log($"{(round == 0 ? "warm-up" : $"round {round}")}: {tool.Name}: {elapsed.TotalSeconds:0.00} s, {rate:0.0} MiB/s; client CPU {cpu.ClientSeconds:0.00} s, machine busy {cpu.MachineBusyFraction:P0}");
        return (rate, cpu);
    }

    /// <summary>
    /// Another setting of our export, in its own runner host: one unmeasured export (new host: new connections), then
    /// ours, raw SDK, ours. The SDK run is the yardstick of the moment (the server's speed drifts).
    /// </summary>
    private static async Task<(ExportSettings, List<double>, double)> SweepAsync(BenchSettings s, S3Admin admin, ExportSettings candidate, UploadTool sdk, long size)
    {
        await using var ours = await OurExport.StartAsync(s, candidate);
        await ours.ExportAsync(s.Report);
        var rates = new List<double>();
        double sdkRate = 0;
        for (int i = 0; i < 2; i++)
        {
            var run = await ours.ExportAsync(s.Report);
            await admin.VerifyAsync(run.Result.ObjectKey, size, Ours);
            rates.Add(size / MiB / run.Elapsed.TotalSeconds);
            Log($"sweep {candidate.Label}: {run.Elapsed.TotalSeconds:0.00} s, {rates[^1]:0.0} MiB/s");
            if (i == 0)
            {
                var (elapsed, key) = await sdk.UploadAsync(1000 + s.Sweep.ToList().IndexOf(candidate));
                await admin.VerifyAsync(key, size, RawSdk);
                sdkRate = size / MiB / elapsed.TotalSeconds;
                Log($"sweep {candidate.Label}: raw SDK {sdkRate:0.0} MiB/s");
            }
        }

        return (candidate, rates, sdkRate);
    }

    private static async Task<ChildResult> RunChildAsync(BenchSettings s, string report)
    {
        string self = typeof(Benchmark).Assembly.Location;
        var result = (await Processes.RunAsync("dotnet", [self, ChildExport.Mode, report, .. s.RawArgs])).EnsureSuccess($"memory child ({report})");
        string line = result.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ChildExport.Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the memory child printed no result:\n{result.Output}\n{result.Error}");
        return JsonSerializer.Deserialize<ChildResult>(line[ChildExport.Marker.Length..])
            ?? throw new InvalidOperationException("unreadable memory child result");
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static void Log(string message) =>
        Console.Error.WriteLine($"bench {DateTime.Now:HH:mm:ss}: {message}");
}
