using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orchestrator.Runs;

namespace Orchestrator.Telemetry;

/// <summary>
/// The service's metrics (meter <c>Orchestrator</c>) and traces (activity source <c>Orchestrator</c>): runs started,
/// succeeded and failed by kind, bytes and rows moved, and run durations. Hosts export them (Azure Monitor when its
/// connection string is set).
/// </summary>
public static class OrchestratorMetrics
{
    public const string Name = "Orchestrator";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("orchestrator.runs.started", description: "Runs started");
    private static readonly Counter<long> RunsSucceeded = Meter.CreateCounter<long>("orchestrator.runs.succeeded", description: "Runs that succeeded");
    private static readonly Counter<long> RunsFailed = Meter.CreateCounter<long>("orchestrator.runs.failed", description: "Runs that failed");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("orchestrator.bytes", unit: "By", description: "Bytes exported or imported");
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("orchestrator.rows", description: "Rows exported or imported");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("orchestrator.run.duration", unit: "s", description: "Run durations");

    /// <summary>Records a run's state change (called where the run record is written, once per change).</summary>
    public static void Record(RunRecord run)
    {
        var tags = new TagList { { "kind", run.Kind }, { "tenant", run.TenantId } };
        switch (run.Status)
        {
            case RunStatus.Running:
                RunsStarted.Add(1, tags);
                break;
            case RunStatus.Succeeded:
            case RunStatus.PartiallySucceeded:
                RunsSucceeded.Add(1, new TagList { { "kind", run.Kind }, { "tenant", run.TenantId }, { "outcome", run.Status.ToString() } });
                Bytes.Add(run.Bytes, tags);
                Rows.Add(run.Rows, tags);
                break;
            default:
                RunsFailed.Add(1, tags);
                break;
        }

        if (run.FinishedAt is { } finished)
        {
            Duration.Record((finished - run.StartedAt).TotalSeconds, tags);
        }
    }
}
