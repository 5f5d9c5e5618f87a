namespace Orchestrator.Benchmarks;

/// <summary>One row of the lake part: runs once per round (the round number keys peers' objects), returns wall time and bytes stored.</summary>
internal sealed record LakeRow(string Name, Func<int, Task<(TimeSpan Elapsed, long StoredBytes)>> Run);
