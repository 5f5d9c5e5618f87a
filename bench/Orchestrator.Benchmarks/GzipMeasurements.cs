namespace Orchestrator.Benchmarks;

/// <summary>The gzip part's measurements: file sizes, and the samples in the order they were taken.</summary>
internal sealed class GzipMeasurements
{
    /// <summary>Rows -> (uncompressed bytes, gzip bytes).</summary>
    public Dictionary<int, (long Plain, long Gzip)> Files { get; } = [];

    public List<GzipSample> Samples { get; } = [];

    public int ChunkMiB { get; set; }
}
