namespace Orchestrator.Benchmarks;

/// <summary>One import of the shard part: <paramref name="Rate"/> entities/s per partition enforced by the proxy (0: none).</summary>
internal sealed record ShardSample(int Shards, double Rate, int Rows, double Seconds, double ClientCpuSeconds, double AzuriteCpuSeconds, double MachineBusy, long Refused, long RowsStored)
{
    public double RowsPerSecond => this.Rows / this.Seconds;
}
