using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>One page of run records, newest first, and where the next page starts (null on the last page).</summary>
public sealed record RunPage(IReadOnlyList<RunRecord> Items, RunContinuation? Next);
