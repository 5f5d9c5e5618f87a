using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Renders the gzip part of docs/benchmarks.md: our gzip import against one decompression, at two sizes, and with a retry.</summary>
internal static class GzipReport
{
    private const double MiB = 1024 * 1024;

    public static string Render(BenchSettings s, GzipMeasurements data)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
        string N(int rows) => rows.ToString("#,0", CultureInfo.InvariantCulture);
        GzipSample One(string what, int rows) => data.Samples.Single(x => x.What == what && x.Rows == rows);
        double Med(string what, int rows, Func<GzipSample, double> value) => Benchmark.Median([.. data.Samples.Where(x => x.What == what && x.Rows == rows).Select(value)]);

        Line("## Gzip import: one pass, against `gzip -dc` of the same file");
        Line();
        Line("The attribute file of the import part, gzip-compressed (`gzip -6`) in radosgw as `users.csv.gz`, imported end to end by our durable import in-process "
            + $"(as in the import part, `Import:ChunkMiB={data.ChunkMiB.ToString(CultureInfo.InvariantCulture)}` so that the uncompressed file holds many chunks), "
            + "next to `gzip -dc` of the same local file to /dev/null (the pure decompression floor; median of 3), .NET's `GZipStream` over it in this process (median of 3), and our import of the uncompressed file. "
            + "*Client CPU* is this process's CPU time (for `gzip -dc`: the child's). *Extra CPU* = client CPU of the gzip import − of the plain import, in units of one `gzip -dc` of the file: about 1 for one pass. "
            + "Decompressing every chunk from byte 0 (the old way) would cost (N+1)/2 decompressions for N chunks. *Rows handed* = rows the import handed to its attribute store / rows of the file. Every run is counted: every row stored, once.");
        Line();
        Line("| Rows | CSV MiB | .gz MiB | Chunks (N) | `gzip -dc` s | GZipStream s | Plain import s (CPU) | Gzip import s (CPU) | Gzip / plain wall | Extra CPU (x `gzip -dc`) | Decompression share of the gzip import | Gzip import s per CSV MiB | Old way: decompressions |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int rows in s.GzipRows)
        {
            var (plainBytes, gzBytes) = data.Files[rows];
            int chunks = (int)Math.Ceiling(plainBytes / MiB / data.ChunkMiB);
            double dc = Med(GzipBenchmark.GzipDc, rows, x => x.Seconds);
            double dcCpu = Med(GzipBenchmark.GzipDc, rows, x => x.ClientCpuSeconds);
            double net = Med(GzipBenchmark.InProcess, rows, x => x.Seconds);
            var plain = One(GzipBenchmark.Plain, rows);
            var gz = One(GzipBenchmark.Gzip, rows);
            double extra = (gz.ClientCpuSeconds - plain.ClientCpuSeconds) / Math.Max(dcCpu, 0.01);
            Line($"| {N(rows)} | {F(plainBytes / MiB, "0.0")} | {F(gzBytes / MiB, "0.0")} | {chunks} | {F(dc, "0.000")} | {F(net, "0.000")} | {F(plain.Seconds)} ({F(plain.ClientCpuSeconds, "0.0")}) | {F(gz.Seconds)} ({F(gz.ClientCpuSeconds, "0.0")}) | {F(gz.Seconds / plain.Seconds)}x | {F(extra, "0.0")} | {F(dc / gz.Seconds * 100, "0.0")}% | {F(gz.Seconds / (plainBytes / MiB), "0.000")} | {F((chunks + 1) / 2.0, "0.0")} |");
        }

        Line();
        Line("### One retry of the gzip import");
        Line();
        Line("The same gzip import with the store call in the middle of the file failing once with 503 ServerBusy (as if the store had given up on a throttled batch): the chunk activity fails, the orchestration retries it (its retry policy waits about 1 s first), and the retry decompresses up to the last checkpoint without parsing and goes on from there.");
        Line();
        Line("| Rows | Gzip import s (CPU) | With one retry s (CPU) | Extra CPU of the retry (x `gzip -dc`) | Rows handed to the store, no retry | Rows handed, with the retry | Rows stored |");
        Line("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int rows in s.GzipRows)
        {
            var gz = One(GzipBenchmark.Gzip, rows);
            var retry = One(GzipBenchmark.GzipRetry, rows);
            double dcCpu = Med(GzipBenchmark.GzipDc, rows, x => x.ClientCpuSeconds);
            Line($"| {N(rows)} | {F(gz.Seconds)} ({F(gz.ClientCpuSeconds, "0.0")}) | {F(retry.Seconds)} ({F(retry.ClientCpuSeconds, "0.0")}) | {F((retry.ClientCpuSeconds - gz.ClientCpuSeconds) / Math.Max(dcCpu, 0.01), "0.0")} | {F((double)gz.RowsHanded / rows)}x | {F((double)retry.RowsHanded / rows)}x | {N((int)retry.RowsStored)} |");
        }

        Line();
        int small = s.GzipRows[0];
        int large = s.GzipRows[1];
        double PerMiB(int rows) => One(GzipBenchmark.Gzip, rows).Seconds / (data.Files[rows].Plain / MiB);
        double ratio = PerMiB(large) / PerMiB(small);
        Line("| Goal | Measured | Met |");
        Line("|---|---:|---|");
        Line($"| Not quadratic: gzip import seconds per CSV MiB at {N(large)} vs {N(small)} rows (flat: within 1.3x; the old way grows with the chunk count) | {F(ratio)}x | {(ratio <= 1.3 ? "yes" : "**no**")} |");
        foreach (int rows in s.GzipRows)
        {
            var retry = One(GzipBenchmark.GzipRetry, rows);
            double handed = (double)retry.RowsHanded / rows;
            Line($"| A retry costs about one pass: rows handed to the store with one retry, {N(rows)} rows (at most 1 + two batches of 2,000) | {F(handed)}x | {(retry.RowsHanded <= rows + 4000 ? "yes" : "**no**")} |");
        }

        Line();
        if (s.GzipNotes is not null && File.Exists(s.GzipNotes))
        {
            Line(File.ReadAllText(s.GzipNotes).TrimEnd());
            Line();
        }

        return md.ToString();
    }
}
