using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Renders the shard scale-model part of docs/benchmarks.md: rows/s against shards x the modelled per-partition limit.</summary>
internal static class ShardReport
{
    public static string Render(BenchSettings s, MachineFacts facts, List<ShardSample> samples)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
        string N(long rows) => rows.ToString("#,0", CultureInfo.InvariantCulture);

        Line("## Sharded store: a scale model of the per-partition limit");
        Line();
        Line($"Azure Table Storage serves about 2,000 entities/s per partition; Azurite enforces no limit. The scale model: `bench/Orchestrator.Benchmarks/PartitionRateProxy.cs`, an HTTP proxy in front of Azurite's table endpoint, gives every PartitionKey a token bucket of **{F(s.ShardRate)} entities/s** (burst: one second's worth); "
            + "a batch transaction costs one token per entity, and beyond the bucket it is answered **503 ServerBusy** with Azure's error body, without reaching Azurite. "
            + $"The same {N(s.ShardRows)}-row attribute file (the import part's) is imported by our durable import in-process, with all its table traffic through the proxy, with `Import:AttributeShards` = {string.Join(", ", s.ShardCounts)}: "
            + "once with the limit, once through the same proxy without a limit (the rate Azurite, the proxy and the client reach on this machine: where saturation starts). "
            + "Each run is a fresh host (after a 2,000-row warm-up import), a fresh tenant in an emptied table; afterwards every partition of the tenant is read and its rows counted. "
            + "*Ceiling* = min(shards x modelled limit, unthrottled rate).");
        Line();
        Line("| Shards | Modelled limit (shards x per partition) rows/s | Unthrottled through the proxy rows/s | Ceiling rows/s | **Throttled rows/s** | vs modelled limit | vs ceiling | 503s answered | Rows stored | Client CPU s | Azurite CPU s | Machine busy |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var goals = new List<string>();
        foreach (int shards in s.ShardCounts)
        {
            var open = samples.Single(x => x.Shards == shards && x.Rate == 0);
            var limited = samples.Single(x => x.Shards == shards && x.Rate > 0);
            double model = shards * s.ShardRate;
            double ceiling = Math.Min(model, open.RowsPerSecond);
            Line($"| {shards} | {F(model)} | {F(open.RowsPerSecond)} | {F(ceiling)} | **{F(limited.RowsPerSecond)}** | {F(limited.RowsPerSecond / model, "0.00")}x | {F(limited.RowsPerSecond / ceiling, "0.00")}x | {N(limited.Refused)} | {N(limited.RowsStored)} of {N(limited.Rows)} | {F(limited.ClientCpuSeconds, "0.0")} | {F(limited.AzuriteCpuSeconds, "0.0")} | {F(limited.MachineBusy * 100)}% |");
            bool saturated = open.RowsPerSecond < model;
            goals.Add($"| {shards} shard(s): throttled >= 0.8x {(saturated ? "the unthrottled rate (saturated: below shards x limit)" : "shards x the modelled limit")} | {F(limited.RowsPerSecond / ceiling, "0.00")}x ({F(limited.RowsPerSecond)} vs {F(ceiling)} rows/s) | {(limited.RowsPerSecond >= 0.8 * ceiling ? "yes" : "**no**")} |");
        }

        Line();
        Line("| Goal | Measured | Met |");
        Line("|---|---:|---|");
        foreach (string goal in goals)
        {
            Line(goal);
        }

        Line($"| Every row stored, none lost, in every run | {N(samples.Sum(x => x.RowsStored))} of {N(samples.Sum(x => (long)x.Rows))} | {(samples.All(x => x.RowsStored == x.Rows) ? "yes" : "**no**")} |");
        Line();
        Line($"This run: {facts.Cores} cores, load average before/after the whole benchmark {facts.LoadBefore} / {facts.LoadAfter}.");
        Line();
        if (s.ShardNotes is not null && File.Exists(s.ShardNotes))
        {
            Line(File.ReadAllText(s.ShardNotes).TrimEnd());
            Line();
        }

        return md.ToString();
    }
}
