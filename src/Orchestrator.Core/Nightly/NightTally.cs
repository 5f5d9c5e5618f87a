using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly;

/// <summary>The night's running totals inside one scheduler execution: counts, and the first failure reasons.</summary>
internal sealed class NightTally(NightSummary start)
{
    private readonly List<NightFailure> failures = [.. start.Failures];
    private NightSummary summary = start;

    public NightSummary Summary => this.summary with { Failures = [.. this.failures] };

    public void Started() => this.summary = this.summary with { Started = this.summary.Started + 1 };

    public void Succeeded() => this.summary = this.summary with { Succeeded = this.summary.Succeeded + 1 };

    /// <summary>A run that moved some of its items and failed others: counted apart, its reason kept with the failures.</summary>
    public void PartiallySucceeded(ScheduledRun run, string reason)
    {
        this.summary = this.summary with { PartiallySucceeded = this.summary.PartiallySucceeded + 1 };
        this.Keep(run, "partially succeeded: " + reason);
    }

    public void Failed(ScheduledRun run, string reason)
    {
        this.summary = this.summary with { Failed = this.summary.Failed + 1 };
        this.Keep(run, reason);
    }

    public NightProgress Progress(int inFlight) =>
        new(this.summary.Day, this.summary.Destinations, this.summary.Started, this.summary.Succeeded, this.summary.Failed, this.summary.Skipped, inFlight, this.summary.PartiallySucceeded);

    private void Keep(ScheduledRun run, string reason)
    {
        if (this.failures.Count < NightSummary.MaxFailuresKept)
        {
            this.failures.Add(new NightFailure(run.TenantId, run.DestinationId, run.RunId, reason));
        }
    }
}
