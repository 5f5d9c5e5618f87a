namespace Orchestrator.Benchmarks;

/// <summary>What the load part measured, and the settings it ran with (for the report's setup section).</summary>
internal sealed class LoadMeasurements
{
    public List<LoadSample> Samples { get; } = [];

    public List<LoadSample> WarmUp { get; } = [];

    /// <summary>From the first POST to the last completion.</summary>
    public double WallSeconds { get; set; }

    public CpuUse Cpu { get; set; }

    public double AzuriteCpuSeconds { get; set; } = double.NaN;

    public double RadosgwCpuSeconds { get; set; } = double.NaN;

    public long RssBeforeBytes { get; set; }

    public long RssMaxBytes { get; set; }

    public long AzuriteRssMaxBytes { get; set; }

    public long ExportCsvBytes { get; set; }

    public long ImportFileBytes { get; set; }

    public int MaxConcurrentOrchestrations { get; set; }

    public int MaxConcurrentActivities { get; set; }

    public int PartSizeMiB { get; set; }

    public int MaxParallelParts { get; set; }

    public string Compression { get; set; } = "?";

    public int ImportChunkMiB { get; set; }

    public string AzuriteVersion { get; set; } = "?";

    public IEnumerable<LoadSample> Exports => this.Samples.Where(s => s.Kind == LoadBenchmark.Export);

    public IEnumerable<LoadSample> Imports => this.Samples.Where(s => s.Kind == LoadBenchmark.Import);
}
