namespace Orchestrator.Benchmarks;

/// <summary>One integrity option's CPU cost: hashing a part of <paramref name="PartMiB"/> MiB on one core.</summary>
internal sealed record IntegrityCostRow(string Name, int PartMiB, int Rounds, double MiBPerSecond, double MillisecondsPerPart);
