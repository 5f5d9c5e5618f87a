using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>How one configuration of our export is run: part size, parts in flight, activity concurrency of the runner.</summary>
internal readonly record struct ExportSettings(int PartSizeMiB, int MaxParallelParts, int MaxConcurrentActivities)
{
    /// <summary>Parses <c>PARTxPARALLEL</c>, e.g. <c>16x8</c>; activities = max(16, parallel).</summary>
    public static ExportSettings Parse(string text)
    {
        string[] pieces = text.Split('x', StringSplitOptions.TrimEntries);
        if (pieces.Length != 2
            || !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out int part)
            || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parallel))
        {
            throw new ArgumentException($"'{text}' is not PARTSIZExPARALLEL (e.g. 16x8)");
        }

        return new ExportSettings(part, parallel, Math.Max(16, parallel));
    }

    public string Label => string.Create(CultureInfo.InvariantCulture, $"{this.PartSizeMiB} MiB x {this.MaxParallelParts}");

    public string Arg => string.Create(CultureInfo.InvariantCulture, $"{this.PartSizeMiB}x{this.MaxParallelParts}");
}

/// <summary>
/// Command-line settings. Endpoints and secrets come from the environment the server scripts write
/// (RGW_ENDPOINT, RGW_ACCESS_KEY, RGW_SECRET_KEY from rgw-up.sh; AZURITE_CONNECTION_STRING from azurite-up.sh).
/// </summary>
internal sealed class BenchSettings
{
    public const string Usage = """
        usage: Orchestrator.Benchmarks --work DIR --data DIR [options]
          env RGW_ENDPOINT RGW_ACCESS_KEY RGW_SECRET_KEY AZURITE_CONNECTION_STRING (from scripts/rgw-up.sh, scripts/azurite-up.sh)
          --work DIR              scratch folder (secrets file, tool config)
          --data DIR              folder of the report files (<name>.csv)
          --report NAME           report uploaded by every tool (default report-512m)
          --memory-reports A,B    reports whose peak memory is compared (default report-256m,report-1g)
          --memory-repeats N      child processes per memory report (default 2)
          --rounds N              measured rounds after the warm-up (default 5, at least 2)
          --export PxN            our export: part size MiB x parts in flight (default 16x8)
          --sweep PxN,PxN,...     also measure these settings of our export (against the raw SDK)
          --orchestrator-dll P    also time the whole 'orchestrator.dll export' process
          --rgw-conf P            ceph.conf of the radosgw (to run its garbage collector between rounds)
          --aws P                 AWS CLI (default /usr/bin/aws)   --rclone P (default rclone)
          --out FILE              Markdown report to write (e.g. docs/benchmarks.md)
          --notes FILE            Markdown appended to the export part of the report (the analysis of the numbers)
          --export-part on|off    run the export (upload) part (default on; off keeps that part of --out as it is)
          --import on|off         run the import part (default on; off keeps that part of --out as it is)
          --import-rows A,B       rows of the files imported: A in rounds, B once; peak memory compared at A and B (default 100000,1000000)
          --import-rounds N       measured rounds at the smaller size (default 2)
          --import-warmup N       rows of the warm-up import and limit runs (default 10000)
          --import-parallel N     transactions in flight of the parallel raw-SDK limit (default 4)
          --import-chunk-mib N    Import:ChunkMiB of our import (default: the product's default)
          --import-notes FILE     Markdown appended to the import part of the report
          --nightly on|off        run the nightly fan-out part (default on; off keeps that part of --out as it is)
          --nightly-destinations N  scheduled destinations of the night (default 1000)
          --nightly-backends A,B  runner backends measured (default InMemory,AzureStorage)
          --nightly-rows N        rows of each destination's synthetic report (default 1000, about 107 KiB)
          --nightly-notes FILE    Markdown appended to the nightly part of the report
          --lake on|off           run the lake part (parquet/jsonl.gz/csv.gz vs DuckDB and gzip; default off)
          --lake-mib N            size of the lake part's typed sessions report in MiB (default 512)
          --lake-rounds N         measured rounds of the lake part (default 3)
          --lake-memory-mib A,B   report sizes (MiB) whose parquet export's peak memory is compared (default 256,1024; "" for none)
          --lake-notes FILE       Markdown appended to the lake part of the report
          --sse-kms-key ARN       also measure our export and the raw SDK with SSE-KMS under this key (radosgw
                                  started with RGW_KMS_TEST_KEYS naming it); default off
          --gzip on|off           run the gzip import part (default on; off keeps that part of --out as it is)
          --gzip-rows A,B         rows of the two gzip files (default 100000,300000)
          --gzip-chunk-mib N      Import:ChunkMiB of the gzip part's import (default 2: many chunks per file)
          --gzip-notes FILE       Markdown appended to the gzip part of the report
          --shards on|off         run the shard scale-model part (default on; off keeps that part of --out as it is)
          --shard-rows N          rows of the file the shard part imports (default 50000)
          --shard-counts A,B,...  Import:AttributeShards values measured (default 1,4,8,16)
          --shard-rate N          modelled entities/s per partition (default 200)
          --shard-notes FILE      Markdown appended to the shard part of the report
          env AZURITE_PID         (from azurite-up.sh) to report Azurite's CPU time
        """ + "\n" + LoadSettings.Usage;

    public required string S3Endpoint { get; init; }

    public required string AccessKey { get; init; }

    public required string SecretKey { get; init; }

    public required string StorageConnectionString { get; init; }

    public required string WorkDir { get; init; }

    public required string DataDir { get; init; }

    public string Report { get; init; } = "report-512m";

    public IReadOnlyList<string> MemoryReports { get; init; } = ["report-256m", "report-1g"];

    public int MemoryRepeats { get; init; } = 2;

    public int Rounds { get; init; } = 3;

    public ExportSettings Export { get; init; } = new(16, 8, 16);

    public IReadOnlyList<ExportSettings> Sweep { get; init; } = [];

    public string? OrchestratorDll { get; init; }

    public string? RgwConf { get; init; }

    public string AwsCli { get; init; } = "/usr/bin/aws";

    public string Rclone { get; init; } = "rclone";

    public string? Out { get; init; }

    public string? Notes { get; init; }

    public string Bucket { get; init; } = "bench";

    public bool ExportPart { get; init; } = true;

    /// <summary>KMS key ARN of the SSE-KMS rows of the export part (ours and the raw SDK), or null for none.</summary>
    public string? SseKmsKey { get; init; }

    public bool ImportPart { get; init; } = true;

    public IReadOnlyList<int> ImportRows { get; init; } = [100_000, 1_000_000];

    public int ImportRounds { get; init; } = 2;

    public int ImportWarmupRows { get; init; } = 10_000;

    public int ImportParallel { get; init; } = 4;

    public int? ImportChunkMiB { get; init; }

    public string? ImportNotes { get; init; }

    public int? AzuritePid { get; init; }

    public LoadSettings Load { get; init; } = new();

    public bool NightlyPart { get; init; } = true;

    public int NightlyDestinations { get; init; } = 1000;

    public IReadOnlyList<Orchestrator.Runner.Hosting.DurableBackendKind> NightlyBackends { get; init; } = [Orchestrator.Runner.Hosting.DurableBackendKind.InMemory, Orchestrator.Runner.Hosting.DurableBackendKind.AzureStorage];

    public int NightlyRows { get; init; } = 1000;

    public string? NightlyNotes { get; init; }

    public bool GzipPart { get; init; } = true;

    public IReadOnlyList<int> GzipRows { get; init; } = [100_000, 300_000];

    public int GzipChunkMiB { get; init; } = 2;

    public string? GzipNotes { get; init; }

    public bool ShardPart { get; init; } = true;

    public int ShardRows { get; init; } = 50_000;

    public IReadOnlyList<int> ShardCounts { get; init; } = [1, 4, 8, 16];

    public int ShardRate { get; init; } = 200;

    public string? ShardNotes { get; init; }
    public bool LakePart { get; init; }

    public int LakeMiB { get; init; } = 512;

    public int LakeRounds { get; init; } = 3;

    public string? LakeNotes { get; init; }

    public IReadOnlyList<int> LakeMemoryMiB { get; init; } = [256, 1024];

    /// <summary>The arguments as given, so that child processes get the same settings.</summary>
    public IReadOnlyList<string> RawArgs { get; init; } = [];

    public string ReportPath(string report) => Path.Combine(this.DataDir, report + ".csv");

    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        string Required(string name) => values.TryGetValue(name, out string? v) ? v : throw new ArgumentException($"--{name} is required");
        string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new ArgumentException($"environment variable {name} is not set");
        int Int(string name, int fallback) => values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string[] List(string name) => values.TryGetValue(name, out string? v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "work", "data", "report", "memory-reports", "memory-repeats", "rounds", "export", "sweep", "orchestrator-dll", "rgw-conf", "aws", "rclone", "out", "notes",
            "export-part", "import", "import-rows", "import-rounds", "import-warmup", "import-parallel", "import-chunk-mib", "import-notes",
            "nightly", "nightly-destinations", "nightly-backends", "nightly-rows", "nightly-notes",
            "sse-kms-key",
            "gzip", "gzip-rows", "gzip-chunk-mib", "gzip-notes", "shards", "shard-rows", "shard-counts", "shard-rate", "shard-notes",
            "lake", "lake-mib", "lake-rounds", "lake-notes", "lake-memory-mib",
        };
        bool Switch(string name) => !values.TryGetValue(name, out string? v) || v switch
        {
            "on" or "1" or "true" => true,
            "off" or "0" or "false" => false,
            _ => throw new ArgumentException($"--{name} must be on or off"),
        };
        foreach (string key in values.Keys)
        {
            if (!known.Contains(key) && !LoadSettings.IsKnown(key))
            {
                throw new ArgumentException($"unknown option --{key}");
            }
        }

        var settings = new BenchSettings
        {
            S3Endpoint = Env("RGW_ENDPOINT"),
            AccessKey = Env("RGW_ACCESS_KEY"),
            SecretKey = Env("RGW_SECRET_KEY"),
            StorageConnectionString = Env("AZURITE_CONNECTION_STRING"),
            WorkDir = Path.GetFullPath(Required("work")),
            DataDir = Path.GetFullPath(Required("data")),
            Report = values.GetValueOrDefault("report", "report-512m"),
            MemoryReports = values.ContainsKey("memory-reports") ? List("memory-reports") : ["report-256m", "report-1g"],
            MemoryRepeats = Int("memory-repeats", 2),
            Rounds = Int("rounds", 5),
            Export = values.TryGetValue("export", out string? export) ? ExportSettings.Parse(export) : new ExportSettings(16, 8, 16),
            Sweep = [.. List("sweep").Select(ExportSettings.Parse)],
            OrchestratorDll = values.GetValueOrDefault("orchestrator-dll"),
            RgwConf = values.GetValueOrDefault("rgw-conf"),
            AwsCli = values.GetValueOrDefault("aws", "/usr/bin/aws"),
            Rclone = values.GetValueOrDefault("rclone", "rclone"),
            Out = values.GetValueOrDefault("out"),
            Notes = values.GetValueOrDefault("notes"),
            ExportPart = Switch("export-part"),
            ImportPart = Switch("import"),
            ImportRows = values.ContainsKey("import-rows") ? [.. List("import-rows").Select(r => int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture))] : [100_000, 1_000_000],
            ImportRounds = Int("import-rounds", 2),
            ImportWarmupRows = Int("import-warmup", 10_000),
            ImportParallel = Int("import-parallel", 4),
            ImportChunkMiB = values.ContainsKey("import-chunk-mib") ? Int("import-chunk-mib", 16) : null,
            ImportNotes = values.GetValueOrDefault("import-notes"),
            NightlyPart = Switch("nightly"),
            NightlyDestinations = Int("nightly-destinations", 1000),
            NightlyBackends = values.ContainsKey("nightly-backends")
                ? [.. List("nightly-backends").Select(b => Enum.TryParse<Orchestrator.Runner.Hosting.DurableBackendKind>(b, ignoreCase: true, out var kind) ? kind : throw new ArgumentException($"--nightly-backends: unknown backend '{b}' (InMemory, AzureStorage)"))]
                : [Orchestrator.Runner.Hosting.DurableBackendKind.InMemory, Orchestrator.Runner.Hosting.DurableBackendKind.AzureStorage],
            NightlyRows = Int("nightly-rows", 1000),
            NightlyNotes = values.GetValueOrDefault("nightly-notes"),
            GzipPart = Switch("gzip"),
            GzipRows = values.ContainsKey("gzip-rows") ? [.. List("gzip-rows").Select(r => int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture))] : [100_000, 300_000],
            GzipChunkMiB = Int("gzip-chunk-mib", 2),
            GzipNotes = values.GetValueOrDefault("gzip-notes"),
            ShardPart = Switch("shards"),
            ShardRows = Int("shard-rows", 50_000),
            ShardCounts = values.ContainsKey("shard-counts") ? [.. List("shard-counts").Select(r => int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture))] : [1, 4, 8, 16],
            ShardRate = Int("shard-rate", 200),
            ShardNotes = values.GetValueOrDefault("shard-notes"),
            SseKmsKey = values.GetValueOrDefault("sse-kms-key"),
            LakePart = values.ContainsKey("lake") && Switch("lake"),
            LakeMiB = Int("lake-mib", 512),
            LakeRounds = Int("lake-rounds", 3),
            LakeNotes = values.GetValueOrDefault("lake-notes"),
            LakeMemoryMiB = values.ContainsKey("lake-memory-mib") ? [.. List("lake-memory-mib").Select(m => int.Parse(m, NumberStyles.None, CultureInfo.InvariantCulture))] : [256, 1024],
            AzuritePid = int.TryParse(Environment.GetEnvironmentVariable("AZURITE_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null,
            Load = LoadSettings.Parse(values),
            RawArgs = args,
        };
        if (settings.ImportRows.Count != 2 || settings.ImportRows[0] < 1 || settings.ImportRows[1] < settings.ImportRows[0])
        {
            throw new ArgumentException("--import-rows must be two sizes, the smaller first (e.g. 100000,1000000)");
        }

        if (settings.ImportRounds < 1 || settings.ImportParallel < 2 || settings.ImportWarmupRows < 0)
        {
            throw new ArgumentException("--import-rounds must be at least 1, --import-parallel at least 2, --import-warmup at least 0");
        }
        if (settings.NightlyDestinations < 1 || settings.NightlyRows < 1 || settings.NightlyBackends.Count == 0)
        {
            throw new ArgumentException("--nightly-destinations and --nightly-rows must be at least 1, --nightly-backends not empty");
        }

        if (settings.GzipRows.Count != 2 || settings.GzipRows[0] < 1 || settings.GzipRows[1] <= settings.GzipRows[0] || settings.GzipChunkMiB < 1
            || settings.ShardRows < 1 || settings.ShardCounts.Count == 0 || settings.ShardCounts.Any(c => c < 1) || settings.ShardRate < 1)
        {
            throw new ArgumentException("--gzip-rows must be two sizes, the smaller first; --gzip-chunk-mib, --shard-rows, --shard-counts and --shard-rate at least 1");
        }

        if (settings.LakeMiB < 1 || settings.LakeRounds < 1)
        {
            throw new ArgumentException("--lake-mib and --lake-rounds must be at least 1");
        }

        if (settings.Rounds < 2)
        {
            throw new ArgumentException("--rounds must be at least 2");
        }

        return settings;
    }
}
