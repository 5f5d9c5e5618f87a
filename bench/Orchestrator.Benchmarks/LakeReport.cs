using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Renders the lake part of docs/benchmarks.md: our parquet/jsonl.gz/csv.gz exports next to DuckDB + SDK and gzip | aws.</summary>
internal static class LakeReport
{
    private const double MiB = 1024 * 1024;

    public static string Render(BenchSettings s, MachineFacts facts, LakeMeasurements data)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
        double Median(string row) => Benchmark.Median([.. data.Samples.Where(x => x.Row == row).Select(x => x.Seconds)]);
        double MedianOf(string row, Func<LakeSample, double> pick) => Benchmark.Median([.. data.Samples.Where(x => x.Row == row).Select(pick)]);
        string[] rows = [LakeBenchmark.OursParquet, LakeBenchmark.DuckDbPipeline, LakeBenchmark.OursJsonl, LakeBenchmark.OursCsvGz, LakeBenchmark.GzipPipeline];

        Line($"## Lake formats: a {F(data.CsvBytes / MiB, "0")} MiB typed report to parquet, jsonl.gz and csv.gz, next to DuckDB and gzip");
        Line();
        Line($"The catalog's `sessions` report ({F(data.CsvBytes / MiB, "0")} MiB of CSV: dates, ids, strings with quotes and commas, integers, decimal(18,2), booleans, UTC timestamps), exported by each row into the same radosgw bucket; "
            + $"one warm-up run of every row, then {s.LakeRounds} measured rounds, the order of the rows reversed every other round. Each time runs from reading the CSV to the object(s) being in the bucket. "
            + "Ours: `ExportRunStarter.StartAsync` .. `WaitForInstanceCompletionAsync` on a started runner host in this process (local-file report source), the format given per request. "
            + "DuckDB: `COPY (SELECT * FROM read_csv(FILE, header = true)) TO 'x.parquet' (FORMAT parquet, COMPRESSION snappy)` in this process (DuckDB.NET), then `TransferUtility.UploadAsync`. gzip: `gzip -c FILE | aws s3 cp - s3://...` (Debian's `/usr/bin/aws`, default settings).");
        Line();
        Line("| Row | Median | Min | Max | CSV MiB/s (median) | Stored | Client CPU (median) | CPU / wall | Machine busy |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string row in rows)
        {
            var samples = data.Samples.Where(x => x.Row == row).ToList();
            if (samples.Count == 0)
            {
                continue;
            }

            double median = Median(row);
            double cpu = MedianOf(row, x => x.ClientCpuSeconds);
            Line($"| {row} | {F(median, "0.00")} s | {F(samples.Min(x => x.Seconds), "0.00")} s | {F(samples.Max(x => x.Seconds), "0.00")} s | {F(data.CsvBytes / MiB / median)} | {F(MedianOf(row, x => x.StoredBytes) / MiB)} MiB | {F(cpu)} s | {F(cpu / median, "0.00")} | {F(MedianOf(row, x => x.MachineBusy) * 100, "0")}% |");
        }

        Line();
        Line("| Ratio (their median / our median; > 1.0x means we are faster) | Measured | Goal | Met |");
        Line("|---|---:|---:|---|");
        void Ratio(string ours, string theirs)
        {
            double ratio = Median(theirs) / Median(ours);
            Line($"| {ours} vs {theirs} | {F(ratio, "0.00")}x | >= 1.0x | {(ratio >= 1.0 ? "met" : "**no**")} |");
        }

        Ratio(LakeBenchmark.OursParquet, LakeBenchmark.DuckDbPipeline);
        Ratio(LakeBenchmark.OursJsonl, LakeBenchmark.GzipPipeline);
        Ratio(LakeBenchmark.OursCsvGz, LakeBenchmark.GzipPipeline);
        Line();
        if (data.Memory.Count > 0)
        {
            Line("| Peak memory of our parquet export (fresh process per run, VmHWM) | Report | Runs | Peak RSS (max of runs) | RSS after host start | Export time |");
            Line("|---|---:|---:|---:|---:|---:|");
            var sizes = data.Memory.GroupBy(m => m.Report).Select(g => (Report: g.Key, Bytes: g.First().ReportBytes, Peak: g.Max(m => m.PeakRssBytes), Start: g.Max(m => m.RssAfterStartBytes), Seconds: g.Min(m => m.ElapsedSeconds), Runs: g.Count())).OrderBy(x => x.Bytes).ToList();
            foreach (var x in sizes)
            {
                Line($"| {x.Report} | {F(x.Bytes / MiB, "0")} MiB | {x.Runs} | {F(x.Peak / MiB, "0")} MiB | {F(x.Start / MiB, "0")} MiB | {F(x.Seconds)} s |");
            }

            if (sizes.Count >= 2)
            {
                double growth = (double)sizes[^1].Peak / sizes[0].Peak - 1;
                Line();
                Line($"Peak memory at {F(sizes[^1].Bytes / MiB, "0")} MiB vs {F(sizes[0].Bytes / MiB, "0")} MiB: {(growth >= 0 ? "+" : string.Empty)}{F(growth * 100)}% (goal: within 10%, i.e. memory does not grow with the report): {(Math.Abs(growth) <= 0.10 ? "met" : "**no**")}.");
            }

            Line();
        }

        Line("Client CPU is this process and its reaped children (DuckDB runs in-process; `gzip` and `aws` are children of the shell the benchmark waits for). CPU / wall above 1 means more than one core was busy on the client side; radosgw's CPU is in *machine busy*.");
        Line();
        Line("## Setup of the lake benchmark");
        Line();
        Line($"- Machine and load: as for the export (above); this run: {facts.Cores} cores, load average before/after the whole benchmark {facts.LoadBefore} / {facts.LoadAfter}.");
        Line($"- Our export: {s.Export.Label} (part size x parts in flight), `Runner:MaxConcurrentActivities` {s.Export.MaxConcurrentActivities}, the product's default Parquet codec (snappy) and maximum file size; the report file is generated by `LakeData` (fixed seed) into `{Path.GetFileName(LakeBenchmark.ReportDirectory(s, s.LakeMiB))}/sessions.csv` of the data folder and kept between runs.");
        Line("- Every export run is checked to complete; the peers' objects are read back (size) after upload. The bucket is emptied (and radosgw's garbage collected) after every run.");
        Line();
        if (s.LakeNotes is not null && File.Exists(s.LakeNotes))
        {
            Line(File.ReadAllText(s.LakeNotes).TrimEnd());
            Line();
        }

        return md.ToString();
    }
}
