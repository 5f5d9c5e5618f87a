using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>Renders the nightly part of docs/benchmarks.md: runs per minute and the scheduler's own overhead, per backend.</summary>
internal static class NightlyReport
{
    private const double KiB = 1024;

    public static string Render(BenchSettings s, MachineFacts facts, NightlyMeasurements data)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
        string N(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
        var first = data.Samples[0];

        Line($"## Nightly fan-out: {N(s.NightlyDestinations)} destinations with a small report each, on the local runner");
        Line();
        Line($"One night (`NightlyStarter.StartAsync`, what the timer calls) over {N(s.NightlyDestinations)} scheduled destinations of one tenant, each exporting one synthetic report of {N(data.Rows)} rows ({F(data.ReportBytes / KiB, "0")} KiB, no compression) into radosgw; "
            + $"the scheduler's defaults: at most {first.MaxConcurrentRuns} runs in flight (a sliding window), pages of {first.PageSize} destinations (the window empties at the end of each page, then the scheduler continues as new). "
            + "Times are seconds from the starter call; run start and finish times are the `StartedAt`/`FinishedAt` of the run records (the first and last step of each export). One night per backend, not repeated: a measurement, not a distribution.");
        Line();
        Line("| Backend | Runs | Night finished | **Runs/min** | First run started | Last run started | Last run finished | Last run finished → night finished | Median run | Runs in flight (average / window) |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var x in data.Samples)
        {
            Line($"| {Label(x.Backend)} | {N(x.Runs)} | {F(x.NightFinished)} s | **{F(x.RunsPerMinute, "0")}** | {F(x.FirstRunStarted, "0.00")} s | {F(x.LastRunStarted)} s | {F(x.LastRunFinished)} s | {F(x.NightFinished - x.LastRunFinished, "0.00")} s | {F(x.MedianRunSeconds, "0.00")} s | {F(x.AverageInFlight)} / {x.MaxConcurrentRuns} |");
        }

        Line();
        Line("The scheduler's own overhead is read from three columns: *first run started* (listing the first page and asking which runs are done, before anything runs), *last run started* (with a window, the last run can only start when all but the window's last runs have finished: it tracks the whole night), and *last run finished → night finished* (storing the summary and completing). *Runs in flight* is the sum of the runs' durations divided by the time runs were running: the window kept full would show the window size; what is missing is the window draining at page ends and the scheduler's turns between a run's end and the next start.");
        Line();
        Line("| Backend | Client CPU (this process: runner + scheduler + exports) | Client CPU per run | Azurite CPU | Machine busy |");
        Line("|---|---:|---:|---:|---:|");
        foreach (var x in data.Samples)
        {
            Line($"| {Label(x.Backend)} | {F(x.ClientCpuSeconds)} s | {F(x.ClientCpuSeconds / x.Runs * 1000, "0")} ms | {(double.IsNaN(x.AzuriteCpuSeconds) ? "-" : F(x.AzuriteCpuSeconds) + " s")} | {F(x.MachineBusy * 100, "0")}% |");
        }

        Line();
        Line("## Setup of the nightly benchmark");
        Line();
        Line($"- Machine and load: as for the export (above); this run: {facts.Cores} cores, load average before/after the whole benchmark {facts.LoadBefore} / {facts.LoadAfter}.");
        Line("- Host: `RunnerHost.Build` in the benchmark process (as `orchestrator serve`), the runner's defaults for work items in flight (`Runner:MaxConcurrentOrchestrations` and `Runner:MaxConcurrentActivities` 16); one runner host per backend, started before the clock and warmed up with one export. In-memory: the sidecar's in-memory orchestration service. Azure Storage: `AzureStorageOrchestrationService` on Azurite, a fresh task hub, queues polled at most every second (`MaxQueuePollingInterval`), deleted afterwards.");
        Line($"- Destinations: one tenant, {N(s.NightlyDestinations)} access-key destinations in a destinations table of their own (the scheduler reads every scheduled destination of its table), each with its own bucket path in the bucket `{s.Bucket}` of the same radosgw as the export part; run records and night summaries in Azurite.");
        Line("- Checked after every night: the stored summary says finished with every run started and succeeded, every destination has its succeeded run record for the night, and the bucket holds each destination's object and manifest.");
        Line();
        if (s.NightlyNotes is not null && File.Exists(s.NightlyNotes))
        {
            Line(File.ReadAllText(s.NightlyNotes).TrimEnd());
            Line();
        }

        return md.ToString();
    }

    private static string Label(string backend) => backend switch
    {
        "InMemory" => "In-memory",
        "AzureStorage" => "Azure Storage (Azurite)",
        _ => backend,
    };
}
