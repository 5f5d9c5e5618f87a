using System.Globalization;
using System.Text.Json;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The runner process is SIGKILLed three times in one run, at seeded points (a progress threshold plus a seeded
/// delay of up to 1 s, so kills land inside parts and chunks, and always after the run made progress since the last kill), on
/// the persistent backend (Azure Storage on Azurite). A fresh process on the same task hub resumes the run each
/// time; the run completes with exact bytes or rows, no duplicate object and no upload left, and no secret in the
/// durable history, tables, blobs, queues or the runners' logs.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RepeatedCrashTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Kills = 3;
    private const int ExportRows = 1_200_000;
    private const int ImportUsers = 50_000;
    private const int ImportPadding = 60;

    [Fact]
    public async Task Export_RunnerKilledThreeTimesAtRandomPoints_ResumesAndCompletesWithExactBytes()
    {
        int seed = ReliabilitySupport.Seed(9001);
        var random = new Random(seed);
        string secrets = RunnerSession.SecretsFile("killexp");
        string hub = "killexp" + Guid.NewGuid().ToString("N")[..12];
        var settings = RunnerSession.PersistentSettings(servers, secrets, hub);
        settings["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture);
        settings["Export:Compression"] = "None";
        settings["Export:PartSizeMiB"] = "8";
        settings["Export:MaxParallelParts"] = "1";
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "killexp-" + setup.Tenant);
        var request = setup.Request(destination);

        // 16 parts, one at a time: kill after 3 distinct seeded part counts up to 6 (0 = as soon as the run is
        // going), each + 0-1 s, which leaves room for all three kills before the last part.
        long[] thresholds = [.. Enumerable.Range(0, 7).OrderBy(_ => random.Next()).Take(Kills).Order().Select(p => (long)p)];
        var (runId, final, killedAt, logs) = await RunWithKillsAsync(
            settings,
            r => r.StartRunAsync("api/exports", new { tenant = setup.Tenant, destinationId = destination.DestinationId, report = request.Report, period = "2026-11-24" }),
            "partsDone",
            thresholds,
            random);

        Assert.True(final.GetProperty("runtimeStatus").GetString() == "Completed", final.ToString());
        var result = final.GetProperty("result").Deserialize<ExportResult>(RunnerSession.WebJson)!;
        var verification = await ScenarioInvariants.AssertExportAsync(
            servers, servers.StorageConnectionString, destination, request, runId, result, ExportCompression.None, ExportRows);
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            servers.StorageConnectionString, new ScanScope(hub, setup.Tenant), [("secret access key", servers.SecretKey)], logs);
        ReliabilitySupport.Report(
            output,
            "export-killed-repeatedly",
            $"seed={seed} kills={Kills} killedAt=[{string.Join("; ", killedAt)}] parts={result.Parts} bytes={verification!.StoredBytes} rows={verification.Rows} placesScannedForSecrets={scanned}; dataLost=0");
    }

    [Fact]
    public async Task Import_RunnerKilledThreeTimesAtRandomPoints_ResumesAndImportsEveryRowOnce()
    {
        int seed = ReliabilitySupport.Seed(4711);
        var random = new Random(seed);
        string secrets = RunnerSession.SecretsFile("killimp");
        string hub = "killimp" + Guid.NewGuid().ToString("N")[..12];
        var settings = RunnerSession.PersistentSettings(servers, secrets, hub);
        settings["Import:ChunkMiB"] = "1";
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "killimp-" + setup.Tenant);
        byte[] bytes = AttributeFile.Csv(ImportUsers, ImportPadding);
        await AttributeFile.UploadAsync(servers, destination, bytes);

        // About 6 chunks of ~8,700 rows: kill at 3 distinct seeded row counts up to 3 chunks (0 = as soon as the run
        // is going), each + 0-1 s.
        long chunkRows = ImportUsers * 1024L * 1024L / bytes.Length;
        long[] thresholds = [.. Enumerable.Range(0, 4).OrderBy(_ => random.Next()).Take(Kills).Order().Select(c => c * chunkRows)];
        var (runId, final, killedAt, logs) = await RunWithKillsAsync(
            settings,
            r => r.StartRunAsync("api/imports", new { tenant = setup.Tenant, destinationId = destination.DestinationId }),
            "rowsImported",
            thresholds,
            random);

        Assert.True(final.GetProperty("runtimeStatus").GetString() == "Completed", final.ToString());
        var result = final.GetProperty("result").Deserialize<ImportResult>(RunnerSession.WebJson)!;
        Assert.Equal((1, 1, 0), (result.FilesSeen, result.FilesImported, result.FilesFailed));
        Assert.Equal((ImportUsers, 0L), (result.RowsImported, result.RowsRejected));
        await ScenarioInvariants.AssertImportAsync(servers, servers.StorageConnectionString, setup.Tenant, destination.Bucket, runId, result);
        Assert.Equal(ImportUsers, await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, setup.Tenant, ImportPadding));
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            servers.StorageConnectionString, new ScanScope(hub, setup.Tenant), [("secret access key", servers.SecretKey)], logs);
        ReliabilitySupport.Report(
            output,
            "import-killed-repeatedly",
            $"seed={seed} kills={Kills} killedAt=[{string.Join("; ", killedAt)}] rows={result.RowsImported} fileBytes={bytes.Length} placesScannedForSecrets={scanned}; dataLost=0");
    }

    /// <summary>
    /// Starts the run in a first runner process, and for each threshold waits until <paramref name="progress"/> is at
    /// least the threshold and above what it was at the previous kill, sleeps a seeded 0-1 s and SIGKILLs the
    /// process, starting a new one on the same hub; the last one runs the run to its end.
    /// </summary>
    private static async Task<(string RunId, JsonElement Final, List<string> KilledAt, List<(string Where, string Text)> Logs)> RunWithKillsAsync(
        Dictionary<string, string?> settings, Func<RunnerProcess, Task<string>> start, string progress, IReadOnlyList<long> thresholds, Random random)
    {
        string? runId = null;
        long floor = -1;
        var killedAt = new List<string>();
        var logs = new List<(string Where, string Text)>();
        foreach (long threshold in thresholds)
        {
            await using var runner = await RunnerProcess.StartAsync(settings);
            runId ??= await start(runner);
            long target = Math.Max(threshold, floor + 1);
            var seen = await runner.WaitForRunAsync(
                runId, run => ReliabilitySupport.IsFinished(run) || (run.GetProperty("runtimeStatus").GetString() == "Running" && ReliabilitySupport.Progress(run, progress) >= target), TimeSpan.FromMinutes(2));
            Assert.False(ReliabilitySupport.IsFinished(seen), $"the run finished before kill {killedAt.Count + 1}: {seen}");
            int delay = random.Next(0, 1000);
            await Task.Delay(delay);
            floor = ReliabilitySupport.Progress(await runner.GetRunAsync(runId), progress);
            runner.Kill();
            killedAt.Add($"{progress}>={target}+{delay}ms (at {floor})");
            logs.Add(($"runner {runner.Pid} log", runner.Output));
        }

        await using var last = await RunnerProcess.StartAsync(settings);
        var final = await last.WaitForRunAsync(runId!, ReliabilitySupport.IsFinished, TimeSpan.FromMinutes(5));
        logs.Add(($"runner {last.Pid} log", last.Output));
        return (runId!, final, killedAt, logs);
    }
}
