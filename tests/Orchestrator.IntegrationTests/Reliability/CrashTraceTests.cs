using System.Globalization;
using System.Text.Json;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// A part upload that dies with its runner (SIGKILL) is run again by the backend once its lock expires, and durable
/// history has no event for the execution that died: the timeline showed one attempt for a part that ran twice. Every
/// execution is now noted by the activity wrapper, so the timeline's step summary counts executions beside attempts.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CrashTraceTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Rows = 150_000;

    [Fact]
    public async Task Export_RunnerKilledDuringAPartUpload_TimelineCountsTheExecutionHistoryCannotShow()
    {
        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        string secrets = RunnerSession.SecretsFile("crashtrace");
        string hub = "crashtrace" + Guid.NewGuid().ToString("N")[..12];
        var settings = RunnerSession.PersistentSettings(servers, secrets, hub);
        settings["S3:ServiceUrl"] = proxy.Url.ToString();
        settings["Runner:WorkItemVisibilityTimeout"] = "00:00:03";
        settings["Reports:SyntheticRows"] = Rows.ToString(CultureInfo.InvariantCulture);
        settings["Export:Compression"] = "None";
        settings["Export:PartSizeMiB"] = "8";
        settings["Export:MaxParallelParts"] = "1";
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "crashtrace-" + setup.Tenant);
        var request = setup.Request(destination);

        // Slow enough that an 8 MiB part is still uploading when the runner is killed.
        proxy.ReadDelay = TimeSpan.FromMilliseconds(40);
        string runId;
        var logs = new List<(string Where, string Text)>();
        await using (var first = await RunnerProcess.StartAsync(settings))
        {
            runId = await first.StartRunAsync("api/exports", new { tenant = setup.Tenant, destinationId = destination.DestinationId, report = request.Report, period = "2026-11-24" });
            var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
            while (new UploadTraffic(proxy.Requests).PartAttempts.Count == 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "no part upload started within two minutes");
                await Task.Delay(100);
            }

            await Task.Delay(500); // the first part is on the wire, its activity executing
            first.Kill();
            logs.Add(($"runner {first.Pid} log", first.Output));
        }

        proxy.ReadDelay = TimeSpan.Zero;
        await using var second = await RunnerProcess.StartAsync(settings);
        var final = await second.WaitForRunAsync(runId, ReliabilitySupport.IsFinished, TimeSpan.FromMinutes(5));
        logs.Add(($"runner {second.Pid} log", second.Output));

        Assert.True(final.GetProperty("runtimeStatus").GetString() == "Completed", final.ToString());
        var result = final.GetProperty("result").Deserialize<ExportResult>(RunnerSession.WebJson)!;
        await ScenarioInvariants.AssertExportAsync(
            servers, servers.StorageConnectionString, destination, request, runId, result, ExportCompression.None, Rows);

        var uploads = final.GetProperty("timeline").GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("step").GetString() == "UploadPartActivity");
        int attempts = uploads.GetProperty("attempts").GetInt32();
        Assert.Equal(result.Parts, attempts); // history: one attempt per part, as the orchestration scheduled them
        Assert.Equal(JsonValueKind.Number, uploads.GetProperty("executions").ValueKind);
        int executions = uploads.GetProperty("executions").GetInt32();
        Assert.True(executions > attempts, $"the part killed mid-upload ran again, so executions ({executions}) must exceed attempts ({attempts}): {uploads}");
        Assert.Contains("executions", final.GetProperty("timeline").GetProperty("note").GetString(), StringComparison.Ordinal);

        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            servers.StorageConnectionString, new ScanScope(hub, setup.Tenant), [("secret access key", servers.SecretKey)], logs);
        ReliabilitySupport.Report(
            output,
            "export-crash-trace",
            $"parts={result.Parts} attempts={attempts} executions={executions} placesScannedForSecrets={scanned}");
    }
}
