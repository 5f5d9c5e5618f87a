namespace Orchestrator.Benchmarks;

/// <summary>One measured run of one lake row: wall seconds, bytes stored, client CPU seconds (this process and reaped children), machine busy fraction.</summary>
internal sealed record LakeSample(string Row, int Round, double Seconds, long StoredBytes, double ClientCpuSeconds, double MachineBusy);
