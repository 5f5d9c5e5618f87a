namespace Orchestrator.Runs;

/// <summary>
/// The one rule for whether a run that already has a record is run again, used by every start (HTTP, CLI, backfill,
/// retry) and by the night: the run records decide, not the durable backend's memory (which the in-memory backend loses
/// at every restart and a purge deletes). A run whose record says it is done (<see cref="RunStatuses.IsDone"/>:
/// succeeded, or partially succeeded) is not redone unless forced; a failed run (or one with no record) is run again;
/// a running one is never started twice.
/// </summary>
public static class RunReuse
{
    /// <summary>Whether a run with this recorded status is done (a failure is rerun).</summary>
    public static bool IsDone(RunStatus status) => status.IsDone();

    /// <summary>Whether <paramref name="record"/> says its run is done.</summary>
    public static bool IsDone(RunRecord? record) => record is not null && IsDone(record.Status);

    /// <summary>
    /// Whether the night leaves a run alone: done, or recorded as running (the night cannot see the durable instance,
    /// and a sub-orchestration must not be started under the id of one that runs).
    /// </summary>
    public static bool NightSkips(RunRecord? record) => IsDone(record) || record is { Status: RunStatus.Running };
}
