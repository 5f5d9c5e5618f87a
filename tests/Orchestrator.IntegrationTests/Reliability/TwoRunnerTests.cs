using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// Two runner processes on one persistent task hub share the parts of one big export (each process's log names the
/// parts it uploaded); one of them, chosen by the seed, is SIGKILLed mid-run, and the other finishes the run with
/// exact bytes and no upload left.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed partial class TwoRunnerTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int ExportRows = 1_500_000;

    /// <summary>1,500,000 uncompressed rows (163.5 MB) in 8 MiB parts.</summary>
    private const int ExpectedParts = 20;

    /// <summary>Parts that must still be to do at the kill: more than both processes hold in flight (2 + 2).</summary>
    private const int KillMargin = 5;

    private const int MaxAttempts = 3;

    [Fact]
    public async Task Export_TwoRunnersShareItAndOneIsKilled_TheOtherFinishesWithExactBytes()
    {
        int seed = ReliabilitySupport.Seed(22);
        var random = new Random(seed);
        string secrets = RunnerSession.SecretsFile("tworunners");
        string hub = "tworun" + Guid.NewGuid().ToString("N")[..12];
        var settings = RunnerSession.PersistentSettings(servers, secrets, hub);
        settings["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture);
        settings["Export:Compression"] = "None";
        settings["Export:PartSizeMiB"] = "8";
        settings["Export:MaxParallelParts"] = "4";
        settings["Runner:MaxConcurrentActivities"] = "2"; // neither process can take all four parts in flight
        settings["Logging:LogLevel:Orchestrator.Exports.Activities.UploadPartActivity"] = "Debug";
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "tworun-" + setup.Tenant);

        await using var first = await RunnerProcess.StartAsync(settings);
        await using var second = await RunnerProcess.StartAsync(settings);
        RunnerProcess[] runners = [first, second];

        // The kill must land while parts are still to be uploaded. How the two processes share the parts depends on
        // when each one polls the work-item queue, so a run in which one process only got its first part near the end
        // (a loaded machine) cannot test the kill: that run is left to finish and the next day's export is tried,
        // with both processes warm by then. Each attempt's parts are told apart by the day in their object key.
        ExportRequest? request = null;
        string? runId = null;
        List<HashSet<int>> before = [];
        for (int attempt = 0; attempt < MaxAttempts && request is null; attempt++)
        {
            var candidate = setup.Request(destination, day: string.Create(CultureInfo.InvariantCulture, $"2026-11-{24 + attempt}"));
            string candidateRun = await first.StartRunAsync("api/exports", new { tenant = setup.Tenant, destinationId = destination.DestinationId, report = candidate.Report, period = candidate.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            using var sharing = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            bool finished = false;
            while (!finished && runners.Any(r => PartsUploadedBy(r, candidate).Count == 0))
            {
                finished = ReliabilitySupport.IsFinished(await first.GetRunAsync(candidateRun));
                await Task.Delay(50, sharing.Token);
            }

            var uploaded = runners.Select(r => PartsUploadedBy(r, candidate)).ToList();
            int done = uploaded[0].Union(uploaded[1]).Count();
            if (!finished && done <= ExpectedParts - KillMargin)
            {
                (request, runId, before) = (candidate, candidateRun, uploaded);
                break;
            }

            output.WriteLine($"attempt {attempt + 1}: {done} of {ExpectedParts} parts were uploaded (runner1 {uploaded[0].Count}, runner2 {uploaded[1].Count}) before both runners had taken one; letting it finish");
            var skipped = await first.WaitForRunAsync(candidateRun, ReliabilitySupport.IsFinished, TimeSpan.FromMinutes(4));
            Assert.True(skipped.GetProperty("runtimeStatus").GetString() == "Completed", skipped.ToString());
        }

        Assert.True(request is not null && runId is not null, $"in {MaxAttempts} runs the two runners never shared a run early enough to kill one mid-run\n{first.Output}\n{second.Output}");

        Assert.NotNull(request);
        Assert.NotNull(runId);
        int victim = random.Next(2);
        var killed = runners[victim];
        var survivor = runners[1 - victim];
        killed.Kill();
        var final = await survivor.WaitForRunAsync(runId, ReliabilitySupport.IsFinished, TimeSpan.FromMinutes(4));

        Assert.True(final.GetProperty("runtimeStatus").GetString() == "Completed", final.ToString() + "\n" + survivor.Output);
        var result = final.GetProperty("result").Deserialize<ExportResult>(RunnerSession.WebJson)!;
        var verification = await ScenarioInvariants.AssertExportAsync(
            servers, servers.StorageConnectionString, destination, request, runId, result, ExportCompression.None, ExportRows);
        Assert.Equal(ExpectedParts, result.Parts);
        var afterKill = PartsUploadedBy(survivor, request).Except(before[1 - victim]).ToList();
        Assert.True(afterKill.Count > 0, "the survivor must have uploaded parts after the kill");
        Assert.Equal(Enumerable.Range(1, result.Parts), PartsUploadedBy(killed, request).Union(PartsUploadedBy(survivor, request)).Order());
        string startedOn = Which(runners, runId, "Export started:");
        string completedOn = Which(runners, runId, "Export completed:");
        Assert.Equal($"runner{2 - victim}", completedOn);
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            servers.StorageConnectionString, new ScanScope(hub, setup.Tenant), [("secret access key", servers.SecretKey)], runners.Select(r => ($"runner {r.Pid} log", r.Output)));
        ReliabilitySupport.Report(
            output,
            "two-runners",
            $"seed={seed} parts={result.Parts} bytes={verification!.StoredBytes} rows={verification.Rows} partsBeforeKill=[runner1:{before[0].Count}, runner2:{before[1].Count}] killed=runner{victim + 1} survivorPartsAfterKill={afterKill.Count} orchestrationStartedOn={startedOn} completedOn={completedOn} placesScannedForSecrets={scanned}; dataLost=0");
    }

    /// <summary>
    /// Which runner logged <paramref name="message"/> for the run (the orchestrator logs it once, outside replays); the
    /// run id is in the line's scope ("=> Run {id} …"), not repeated in the message.
    /// </summary>
    private static string Which(RunnerProcess[] runners, string runId, string message) =>
        string.Join(
            "+",
            runners.Select((r, i) => (r, i))
                .Where(p => p.r.Output.Split('\n').Any(l => l.Contains($"Run {runId} ", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal)))
                .Select(p => $"runner{p.i + 1}"));

    /// <summary>The part numbers a runner process logged as uploaded (UploadPartActivity, Debug).</summary>
    private static HashSet<int> PartsUploadedBy(RunnerProcess runner, ExportRequest request)
    {
        string day = string.Create(CultureInfo.InvariantCulture, $"_{request.Period:yyyy-MM-dd}.csv ");
        return [.. PartUploaded().Matches(runner.Output).Where(m => m.Value.Contains(day, StringComparison.Ordinal)).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"Part (\d+) of s3://\S+ .* uploaded: \d+ bytes")]
    private static partial Regex PartUploaded();
}
