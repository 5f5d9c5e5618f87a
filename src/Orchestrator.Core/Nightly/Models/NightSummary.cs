namespace Orchestrator.Nightly.Models;

/// <summary>What a night did: runs started, succeeded, failed (with reasons) and skipped (already done).</summary>
public sealed record NightSummary(DateOnly Day, int Destinations, int Started, int Succeeded, int Failed, int Skipped, IReadOnlyList<NightFailure> Failures, bool Finished = false)
{
    /// <summary>Reasons kept per night; the rest are counted.</summary>
    public const int MaxFailuresKept = 200;

    public static NightSummary Empty(DateOnly day) => new(day, 0, 0, 0, 0, 0, []);
}
