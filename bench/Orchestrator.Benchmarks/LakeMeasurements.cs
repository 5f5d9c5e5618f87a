namespace Orchestrator.Benchmarks;

/// <summary>The lake part's measurements.</summary>
internal sealed class LakeMeasurements
{
    public long CsvBytes { get; set; }

    public List<LakeSample> Samples { get; } = [];

    /// <summary>Peak memory of our parquet export, one fresh child process per run.</summary>
    public List<ChildResult> Memory { get; } = [];
}
