using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>CPU used while one upload ran: by the client (this process and its reaped children) and by the whole machine.</summary>
internal readonly record struct CpuUse(double ClientSeconds, double MachineBusyFraction, long AllocatedBytes);

/// <summary>Reads <c>/proc/self/stat</c> (utime, stime, cutime, cstime) and <c>/proc/stat</c> (all CPUs) before and after.</summary>
internal sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly long clientTicks = ClientTicks();
    private readonly (long Busy, long Total) machine = MachineTicks();
    private readonly long allocated = GC.GetTotalAllocatedBytes(precise: false);

    public CpuUse Stop()
    {
        long client = ClientTicks() - this.clientTicks;
        var (busy, total) = MachineTicks();
        long totalDelta = total - this.machine.Total;
        return new CpuUse(
            client / TicksPerSecond,
            totalDelta > 0 ? (double)(busy - this.machine.Busy) / totalDelta : double.NaN,
            GC.GetTotalAllocatedBytes(precise: false) - this.allocated);
    }

    private static long ClientTicks()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 0 here; utime, stime, cutime, cstime are fields 11..14.
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
    }

    private static (long Busy, long Total) MachineTicks()
    {
        string cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        long[] v = [.. cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
        long idle = v[3] + (v.Length > 4 ? v[4] : 0); // idle + iowait
        long total = v.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - idle, total);
    }
}
