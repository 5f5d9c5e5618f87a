using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Benchmarks;

/// <summary>What a memory child reports about itself.</summary>
internal sealed record ChildResult(string Report, long ReportBytes, double ElapsedSeconds, long PeakRssBytes, long RssAfterStartBytes, long PeakRssAfterStartBytes, long AllocatedBytes);

/// <summary>
/// One export in a fresh process, for peak memory: the process's high-water RSS (VmHWM) is read from
/// /proc/self/status when the run has completed. A fresh process per size keeps one run's peak out of the other's.
/// </summary>
internal static class ChildExport
{
    public const string Mode = "export-child";
    public const string Marker = "BENCH_CHILD ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            throw new ArgumentException($"usage: {Mode} REPORT [benchmark options]");
        }

        string report = args[0];
        var settings = BenchSettings.Parse(args[1..]);
        await using var ours = await OurExport.StartAsync(settings, settings.Export);
        long rssAfterStart = ProcStatus.ReadKiB("VmRSS") * 1024;
        long hwmAfterStart = ProcStatus.ReadKiB("VmHWM") * 1024;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var run = await ours.ExportAsync(report);
        long peak = ProcStatus.ReadKiB("VmHWM") * 1024;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long length = new FileInfo(settings.ReportPath(report)).Length;
        if (run.Result.Bytes != length)
        {
            throw new InvalidOperationException($"The export uploaded {run.Result.Bytes} bytes of a {length}-byte report.");
        }

        var result = new ChildResult(report, length, run.Elapsed.TotalSeconds, peak, rssAfterStart, hwmAfterStart, allocated);
        Console.WriteLine(Marker + JsonSerializer.Serialize(result));
        return 0;
    }
}

/// <summary>Reads the kernel's per-process memory counters.</summary>
internal static class ProcStatus
{
    public static long ReadKiB(string field, int pid = 0)
    {
        string path = pid == 0 ? "/proc/self/status" : $"/proc/{pid}/status";
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                string value = line[(field.Length + 1)..].Trim();
                return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} not found in {path}");
    }
}
