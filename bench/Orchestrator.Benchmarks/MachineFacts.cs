using System.Runtime.InteropServices;

namespace Orchestrator.Benchmarks;

/// <summary>What the numbers depend on: the machine, the server and the versions of the tools.</summary>
internal sealed class MachineFacts
{
    public required DateTimeOffset Date { get; init; }

    public required int Cores { get; init; }

    public required string Cpu { get; init; }

    public required long MemoryBytes { get; init; }

    public required string Os { get; init; }

    public required string Kernel { get; init; }

    public required string Runtime { get; init; }

    public required string Radosgw { get; init; }

    public required string MemstoreBytes { get; init; }

    public required string Aws { get; init; }

    public required string Rclone { get; init; }

    public required string LoadBefore { get; init; }

    public string LoadAfter { get; set; } = "?";

    public static async Task<MachineFacts> CollectAsync(BenchSettings s) => new()
    {
        Date = DateTimeOffset.UtcNow,
        Cores = Environment.ProcessorCount,
        Cpu = Field("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemoryBytes = long.Parse((Field("/proc/meminfo", "MemTotal", ':') ?? "0").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        Os = (Field("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"'),
        Kernel = Read("/proc/sys/kernel/osrelease") ?? "?",
        Runtime = RuntimeInformation.FrameworkDescription,
        Radosgw = await Processes.VersionAsync("radosgw", "--version"),
        MemstoreBytes = s.RgwConf is not null && File.Exists(s.RgwConf) ? Field(s.RgwConf, "memstore device bytes", '=') ?? "?" : "?",
        Aws = await Processes.VersionAsync(s.AwsCli, "--version"),
        Rclone = await Processes.VersionAsync(s.Rclone, "version"),
        LoadBefore = LoadAverage(),
    };

    public static string LoadAverage() => string.Join(' ', (Read("/proc/loadavg") ?? "?").Split(' ').Take(3));

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string? Field(string path, string name, char separator)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(path))
        {
            int at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == name)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
