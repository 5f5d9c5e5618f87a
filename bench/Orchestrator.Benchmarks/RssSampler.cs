namespace Orchestrator.Benchmarks;

/// <summary>
/// Samples a process's resident set (VmRSS; this process unless <c>pid</c> is given) every <c>period</c> (default a
/// second) while a run is going, to tell the memory the run keeps (the median) from short spikes (which the
/// high-water mark catches), whether it grows as the run goes on (the highest sample of the run's first half against
/// its second half), and the highest sample.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int? pid;
    private readonly TimeSpan period;
    private readonly List<(double Seconds, long Bytes)> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Task loop;

    public RssSampler(int? pid = null, TimeSpan? period = null)
    {
        this.pid = pid;
        this.period = period ?? TimeSpan.FromSeconds(1);
        this.loop = this.RunAsync();
    }

    /// <summary>The highest sample, in bytes (0 when there was none).</summary>
    public long Max
    {
        get
        {
            lock (this.samples)
            {
                return this.samples.Select(s => s.Bytes).DefaultIfEmpty().Max();
            }
        }
    }

    /// <summary>Median, highest in the first half and highest in the second half of the run, in bytes.</summary>
    public (long Median, long FirstHalfMax, long SecondHalfMax) Summary()
    {
        lock (this.samples)
        {
            if (this.samples.Count == 0)
            {
                return (0, 0, 0);
            }

            double half = this.samples[^1].Seconds / 2;
            long median = (long)Benchmark.Median([.. this.samples.Select(s => (double)s.Bytes)]);
            long first = this.samples.Where(s => s.Seconds <= half).Select(s => s.Bytes).DefaultIfEmpty().Max();
            long second = this.samples.Where(s => s.Seconds > half).Select(s => s.Bytes).DefaultIfEmpty().Max();
            return (median, first, second);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        await this.loop;
        this.stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(this.period);
        try
        {
            while (await timer.WaitForNextTickAsync(this.stop.Token))
            {
                if (this.pid is int other && !File.Exists($"/proc/{other}/status"))
                {
                    continue;
                }

                long rss = (this.pid is int id ? ProcStatus.ReadKiB("VmRSS", id) : ProcStatus.ReadKiB("VmRSS")) * 1024;
                lock (this.samples)
                {
                    this.samples.Add((this.clock.Elapsed.TotalSeconds, rss));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the run is over.
        }
    }
}
