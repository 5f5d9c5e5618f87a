namespace Orchestrator.Runs;

/// <summary>The rules over <see cref="RunStatus"/> in one place.</summary>
public static class RunStatuses
{
    /// <summary>Whether the run has ended (in any outcome).</summary>
    public static bool IsFinished(this RunStatus status) => status != RunStatus.Running;

    /// <summary>
    /// Whether the run finished and moved what it could: <see cref="RunStatus.Succeeded"/> or
    /// <see cref="RunStatus.PartiallySucceeded"/> (its failed items are named in its error and error report; a
    /// forced rerun retries them). A failed run is not done.
    /// </summary>
    public static bool IsDone(this RunStatus status) => status is RunStatus.Succeeded or RunStatus.PartiallySucceeded;

    /// <summary>
    /// The outcome of an import from its file counts: failed when files had to be imported and none could be,
    /// partially succeeded when some were and some failed, succeeded otherwise (nothing failed).
    /// </summary>
    public static RunStatus OfImport(int filesImported, int filesFailed) => filesFailed == 0
        ? RunStatus.Succeeded
        : filesImported == 0 ? RunStatus.Failed : RunStatus.PartiallySucceeded;
}
