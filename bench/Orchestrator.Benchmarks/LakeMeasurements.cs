namespace Orchestrator.Benchmarks;

/// <summary>The lake part's measurements.</summary>
internal sealed class LakeMeasurements
{
    public long CsvBytes { get; set; }

    public List<LakeSample> Samples { get; } = [];
}
