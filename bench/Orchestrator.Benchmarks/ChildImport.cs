using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Benchmarks;

/// <summary>What an import memory child reports about itself.</summary>
internal sealed record ChildImportResult(
    int Rows, long FileBytes, double ElapsedSeconds, long PeakRssBytes, long PeakRssAfterStartBytes, long AllocatedBytes, double ClientCpuSeconds, double AzuriteCpuSeconds, double MachineBusy,
    long MedianRssBytes, long FirstHalfMaxRssBytes, long SecondHalfMaxRssBytes);

/// <summary>
/// One import in a fresh process, for peak memory: the process's high-water RSS (VmHWM) read from /proc/self/status
/// when the run has completed, as for the export. The run is timed like the in-process runs (host start excluded).
/// </summary>
internal static class ChildImport
{
    public const string Mode = "import-child";
    public const string Marker = "BENCH_IMPORT_CHILD ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            throw new ArgumentException($"usage: {Mode} ROWS TENANT [benchmark options]");
        }

        int rows = int.Parse(args[0], CultureInfo.InvariantCulture);
        string tenant = args[1];
        var settings = BenchSettings.Parse(args[2..]);
        await using var ours = await OurImport.StartAsync(settings);
        long hwmAfterStart = ProcStatus.ReadKiB("VmHWM") * 1024;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var meter = new CpuMeter();
        long azuriteBefore = ServerCpu.Ticks(settings.AzuritePid);
        var sampler = new RssSampler();
        var run = await ours.ImportAsync(rows, tenant);
        var cpu = meter.Stop();
        await sampler.DisposeAsync();
        var (median, firstHalf, secondHalf) = sampler.Summary();
        long peak = ProcStatus.ReadKiB("VmHWM") * 1024;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var result = new ChildImportResult(
            rows,
            run.Result.Bytes,
            run.Elapsed.TotalSeconds,
            peak,
            hwmAfterStart,
            allocated,
            cpu.ClientSeconds,
            ServerCpu.Seconds(azuriteBefore, ServerCpu.Ticks(settings.AzuritePid)),
            cpu.MachineBusyFraction,
            median,
            firstHalf,
            secondHalf);
        Console.WriteLine(Marker + JsonSerializer.Serialize(result));
        return 0;
    }
}

/// <summary>CPU time of a server process (Azurite is one Node.js process: one core at most for its JavaScript).</summary>
internal static class ServerCpu
{
    public static long Ticks(int? pid)
    {
        if (pid is not int id || !File.Exists($"/proc/{id}/stat"))
        {
            return -1;
        }

        string stat = File.ReadAllText($"/proc/{id}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public static double Seconds(long before, long after) => before < 0 || after < 0 ? double.NaN : (after - before) / 100.0;
}
