using Orchestrator.Runs;

namespace Orchestrator.Nightly.Models;

/// <summary>
/// What a night did: runs started, succeeded, partially succeeded and failed (both with reasons), and skipped (already
/// done). <see cref="Status"/> applies the runs' own rule to the night as a whole.
/// </summary>
public sealed record NightSummary(
    DateOnly Day,
    int Destinations,
    int Started,
    int Succeeded,
    int Failed,
    int Skipped,
    IReadOnlyList<NightFailure> Failures,
    bool Finished = false,
    int PartiallySucceeded = 0)
{
    /// <summary>
    /// Running until the last page is done; then Failed when runs failed and none succeeded (even in part, or
    /// before: skipped), PartiallySucceeded when some failed or partially succeeded, Succeeded otherwise.
    /// </summary>
    public RunStatus Status => !this.Finished
        ? RunStatus.Running
        : this.Failed > 0 && this.Succeeded + this.PartiallySucceeded + this.Skipped == 0
            ? RunStatus.Failed
            : this.Failed + this.PartiallySucceeded > 0 ? RunStatus.PartiallySucceeded : RunStatus.Succeeded;

    /// <summary>Reasons kept per night; the rest are counted.</summary>
    public const int MaxFailuresKept = 200;

    public static NightSummary Empty(DateOnly day) => new(day, 0, 0, 0, 0, 0, []);
}
