using System.Diagnostics.Metrics;
using Orchestrator.Runs;
using Orchestrator.Telemetry;

namespace Orchestrator.UnitTests.Telemetry;

public sealed class OrchestratorMetricsTests
{
    [Fact]
    public void Record_RunStartedThenSucceeded_EmitsCountersBytesRowsAndDurationTaggedByKind()
    {
        var measured = new List<(string Instrument, double Value, string? Kind)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OrchestratorMetrics.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => measured.Add((i.Name, value, Kind(tags))));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => measured.Add((i.Name, value, Kind(tags))));
        listener.Start();
        var started = new RunRecord { TenantId = "metrics-t", RunId = "r", Kind = "export", DestinationId = "d", Status = RunStatus.Running, StartedAt = DateTimeOffset.UnixEpoch };

        OrchestratorMetrics.Record(started);
        OrchestratorMetrics.Record(started with { Status = RunStatus.Succeeded, Bytes = 1234, Rows = 56, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(7) });

        var mine = measured.Where(m => m.Kind == "export").ToList();
        Assert.Contains(("orchestrator.runs.started", 1.0, "export"), mine);
        Assert.Contains(("orchestrator.runs.succeeded", 1.0, "export"), mine);
        Assert.Contains(("orchestrator.bytes", 1234.0, "export"), mine);
        Assert.Contains(("orchestrator.rows", 56.0, "export"), mine);
        Assert.Contains(("orchestrator.run.duration", 7.0, "export"), mine);
    }

    private static string? Kind(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "kind")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
