using System.Globalization;
using System.Text.Json;
using Orchestrator.Exports.Formats;

namespace Orchestrator.Benchmarks;

/// <summary>
/// One parquet export of the lake part's sessions report of a given size in a fresh process, for peak memory
/// (VmHWM once the run has completed), printed as <see cref="ChildExport.Marker"/> + <see cref="ChildResult"/>.
/// </summary>
internal static class LakeChild
{
    public const string Mode = "lake-child";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int mib))
        {
            throw new ArgumentException($"usage: {Mode} MIB [benchmark options]");
        }

        var settings = BenchSettings.Parse(args[1..]);
        string file = LakeBenchmark.EnsureReport(settings, mib);
        var app = await LakeBenchmark.StartHostAsync(settings, Path.GetDirectoryName(file)!);
        try
        {
            long rssAfterStart = ProcStatus.ReadKiB("VmRSS") * 1024;
            long hwmAfterStart = ProcStatus.ReadKiB("VmHWM") * 1024;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var (elapsed, _) = await LakeBenchmark.ExportAsync(app, ExportFormat.Parquet);
            long peak = ProcStatus.ReadKiB("VmHWM") * 1024;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var result = new ChildResult(string.Create(CultureInfo.InvariantCulture, $"lake-{mib}m"), new FileInfo(file).Length, elapsed.TotalSeconds, peak, rssAfterStart, hwmAfterStart, allocated);
            Console.WriteLine(ChildExport.Marker + JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
