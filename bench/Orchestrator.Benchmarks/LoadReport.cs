using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Renders the load part of docs/benchmarks.md: run durations (p50/p95/max), throughput, resources, setup.</summary>
internal static class LoadReport
{
    private const double MiB = 1024 * 1024;

    public static string Render(BenchSettings s, MachineFacts facts, LoadMeasurements data)
    {
        var l = s.Load;
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "0.0") => double.IsNaN(value) ? "?" : value.ToString(format, CultureInfo.InvariantCulture);
        string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

        var exports = data.Exports.ToList();
        var imports = data.Imports.ToList();
        double storedPerExport = exports.Where(e => e.Completed).Select(e => (double)e.Bytes).DefaultIfEmpty(double.NaN).Average();
        int parts = (int)Math.Ceiling(data.ExportCsvBytes / (data.PartSizeMiB * MiB));

        Line($"## Load: {l.Exports} exports and {l.Imports} imports started together over the runner's HTTP API");
        Line();
        Line($"{l.Exports} on-demand exports and {l.Imports} attribute imports, each for its own destination (its own bucket) of {l.Tenants} tenants, "
            + "sent as `POST /api/exports` and `POST /api/imports` all at once, as users start them, to one local runner (in-memory backend) with "
            + $"{(l.MaxConcurrentOrchestrations is null && l.MaxConcurrentActivities is null ? "its default concurrency" : "the concurrency below")}. "
            + "Each run is timed from sending its request to its completion; p50/p95 are nearest-rank percentiles over the runs of a kind.");
        Line();
        Line("| Runs | Completed | p50 | p95 | max | First completed at | Last completed at |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        Row($"Exports: {N(l.ExportRows)} rows each ({F(data.ExportCsvBytes / MiB)} MiB of CSV, {F(storedPerExport / MiB)} MiB stored as {data.Compression.ToLowerInvariant()})", exports);
        Row($"Imports: {N(l.ImportRows)} rows of 20 attributes each ({F(data.ImportFileBytes / MiB, "0.00")} MiB of CSV)", imports);
        Row("All runs", data.Samples);
        Line();

        double exportsDone = exports.Where(e => e.Completed).Select(e => e.CompletedAtSeconds).DefaultIfEmpty(double.NaN).Max();
        double importsDone = imports.Where(e => e.Completed).Select(e => e.CompletedAtSeconds).DefaultIfEmpty(double.NaN).Max();
        int completed = data.Samples.Count(x => x.Completed);
        Line("| Throughput | Measured |");
        Line("|---|---:|");
        Line($"| Wall time: first request sent to last run completed | {F(data.WallSeconds)} s |");
        Line($"| **Runs completed per minute** (all runs / wall time) | **{F(completed / (data.WallSeconds / 60), "0")}** |");
        Line($"| Exports: CSV generated, compressed and uploaded, per second until the last export completed | {F(exports.Count(e => e.Completed) * data.ExportCsvBytes / MiB / exportsDone)} MiB/s ({F(exports.Where(e => e.Completed).Sum(e => e.Bytes) / MiB / exportsDone)} MiB/s stored) |");
        Line($"| Imports: rows stored in the attribute table per second until the last import completed | {F(imports.Where(i => i.Completed).Sum(i => i.Rows) / importsDone, "0")} rows/s |");
        Line($"| HTTP starters: time to answer 202, p50 / max (all {data.Samples.Count} requests sent at once) | {F(Percentile(data.Samples.Select(x => x.AcceptedSeconds), 50), "0.00")} / {F(data.Samples.Max(x => x.AcceptedSeconds), "0.00")} s |");
        Line();

        Line($"Resources during the {F(data.WallSeconds)} s (*CPU / wall* of 100% is one core busy; the machine has {facts.Cores}):");
        Line();
        Line("| Process | CPU s | CPU / wall | Highest RSS (sampled every 250 ms) |");
        Line("|---|---:|---:|---:|");
        Line($"| The runner (this benchmark process: runner host, its HTTP API and the HTTP client) | {F(data.Cpu.ClientSeconds)} | {F(data.Cpu.ClientSeconds / data.WallSeconds * 100, "0")}% | {F(data.RssMaxBytes / MiB, "0")} MiB (before: {F(data.RssBeforeBytes / MiB, "0")} MiB) |");
        Line($"| Azurite (table storage: run records, destinations, attributes, ledger) | {F(data.AzuriteCpuSeconds)} | {F(data.AzuriteCpuSeconds / data.WallSeconds * 100, "0")}% | {(data.AzuriteRssMaxBytes > 0 ? F(data.AzuriteRssMaxBytes / MiB, "0") + " MiB" : "?")} |");
        Line($"| radosgw and its OSD (S3) | {F(data.RadosgwCpuSeconds)} | {F(data.RadosgwCpuSeconds / data.WallSeconds * 100, "0")}% | - |");
        Line($"| Whole machine busy | | {F(data.Cpu.MachineBusyFraction * 100, "0")}% of {facts.Cores} cores | |");
        Line();

        var failed = data.Samples.Where(x => !x.Completed).ToList();
        if (failed.Count > 0)
        {
            Line($"**{failed.Count} runs did not complete**, e.g.: " + string.Join("; ", failed.Take(5).Select(f => $"`{f.RunId}` {f.Status}: {f.Error}")));
            Line();
        }

        Line("### Setup of the load benchmark");
        Line();
        Line($"- Machine and load: as for the export (above); this run: {facts.Cores} cores, load average before/after the whole benchmark {facts.LoadBefore} / {facts.LoadAfter}. Servers: the same radosgw (memstore) and {data.AzuriteVersion} (in memory) as the other parts, on the same cores.");
        Line($"- Destinations: {l.Destinations} access-key destinations over {l.Tenants} tenants, each with its own bucket (`bench-load-NNN`) and bucket path `load/dest NNN`, registered with `POST /api/tenants/{{tenant}}/destinations` (the secret key into the runner's secret store) before the clock starts; destination *i* gets an export if *i* < {l.Exports} and an import if *i* < {l.Imports}.");
        Line($"- Exports: the synthetic Insights report (`Reports:Source=Synthetic`, {N(l.ExportRows)} rows, generated as it is read) for one day, `Export:Compression={data.Compression}`, `Export:PartSizeMiB={data.PartSizeMiB}` ({parts} part{(parts == 1 ? string.Empty : "s")} per export), `Export:MaxParallelParts={data.MaxParallelParts}`: validate, begin, upload parts, complete, manifest, run records.");
        Line($"- Imports: one CSV per destination under `attributes/` (`bench/Orchestrator.Benchmarks/AttributeData.cs`, `user_id` and 20 typed attributes), each destination with its own {N(l.ImportRows)} users, so the tenants' partitions of the `Attributes` table grow to {N((long)l.ImportRows * l.Imports / l.Tenants)} rows each; `Import:ChunkMiB={data.ImportChunkMiB}` (one chunk per file), rows merged in transactions of 100, 4 in flight, per batch of 2,000 rows stored while the next batch is parsed. The attribute table is emptied before the part.");
        Line($"- Runner: `RunnerHost` in the benchmark process, in-memory Durable Task backend, `Runner:MaxConcurrentOrchestrations={data.MaxConcurrentOrchestrations}`, `Runner:MaxConcurrentActivities={data.MaxConcurrentActivities}` (work items in flight; every export step, part upload, import chunk and run record is an activity). One export and one import on a separate destination ran first, unmeasured (JIT, first connections): {string.Join(", ", data.WarmUp.Select(w => $"{w.Kind} {F(w.Seconds)} s"))}.");
        Line("- The clock: a `Stopwatch` per run from just before its `POST` is sent until `DurableTaskClient.WaitForInstanceCompletionAsync` returns in the same process: it includes the HTTP starter, waiting behind the other runs' work items, every activity and the completion notice. Wall time is from the first request sent to the last run completed; runs per minute = completed runs / wall time.");
        Line("- Checked after every run (not timed): it completed; an export's object exists with the size and rows it reported and its manifest is there; an import imported every row and its last user is stored with all 20 attributes; the `Runs` table records the run as succeeded with the same rows; no multipart upload is left in any bucket. The buckets and the attribute table are emptied afterwards.");
        Line();
        if (l.Notes is not null && File.Exists(l.Notes))
        {
            Line(File.ReadAllText(l.Notes).TrimEnd());
            Line();
        }

        return md.ToString();

        void Row(string label, IReadOnlyCollection<LoadSample> runs)
        {
            var done = runs.Where(r => r.Completed).ToList();
            var seconds = done.Select(r => r.Seconds).ToList();
            var at = done.Select(r => r.CompletedAtSeconds).DefaultIfEmpty(double.NaN).ToList();
            Line($"| {label} | {done.Count}/{runs.Count} | {F(Percentile(seconds, 50))} s | {F(Percentile(seconds, 95))} s | {F(seconds.DefaultIfEmpty(double.NaN).Max())} s | {F(at.Min())} s | {F(at.Max())} s |");
        }
    }

    /// <summary>Nearest-rank percentile; NaN when there are no values.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
