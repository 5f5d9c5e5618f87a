namespace Orchestrator.Runs;

/// <summary>
/// Whether a run record being written may replace the stored one. Activities are delivered at least once: a runner
/// killed after an activity finished but before its queue message was deleted runs that activity again later, after
/// the run may already have recorded its outcome. Such a late "running" write (same execution: same start, the
/// orchestration's replay-safe clock) must not turn a finished run back into a running one. A write with another start
/// (a restarted run, or an operator correcting a record) replaces the stored one, as before.
/// </summary>
public static class RunRecordSupersession
{
    /// <summary>
    /// True when <paramref name="incoming"/> may replace a stored record that started at
    /// <paramref name="storedStartedAt"/> with <paramref name="storedStatus"/>: it belongs to another execution, or to
    /// the same execution and does not move a finished run back to running.
    /// </summary>
    public static bool Replaces(RunRecord incoming, DateTimeOffset storedStartedAt, RunStatus storedStatus)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        // Compared to the millisecond: a store may keep fewer digits than the orchestration's clock has.
        long incomingMs = incoming.StartedAt.ToUnixTimeMilliseconds();
        long storedMs = storedStartedAt.ToUnixTimeMilliseconds();
        if (incomingMs != storedMs)
        {
            return true;
        }

        return incoming.Status.IsFinished() || !storedStatus.IsFinished();
    }
}
