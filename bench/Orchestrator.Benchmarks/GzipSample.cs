namespace Orchestrator.Benchmarks;

/// <summary>
/// One measurement of the gzip part at one file size: <paramref name="What"/> is <see cref="GzipBenchmark.GzipDc"/>,
/// <see cref="GzipBenchmark.InProcess"/>, <see cref="GzipBenchmark.Plain"/>, <see cref="GzipBenchmark.Gzip"/> or
/// <see cref="GzipBenchmark.GzipRetry"/>; <paramref name="RowsHanded"/> is what the import handed its store (0 for the floors).
/// </summary>
internal sealed record GzipSample(string What, int Rows, double Seconds, double ClientCpuSeconds, long RowsHanded, long RowsStored);
