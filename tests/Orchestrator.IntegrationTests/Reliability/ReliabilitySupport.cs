using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>Seeds, waiting on progress, and the one-line results the scenarios print for docs/reliability.md.</summary>
internal static class ReliabilitySupport
{
    /// <summary>The seed of the randomized scenarios: RELIABILITY_SEED when set (to replay a failure), else fixed.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : fallback;

    /// <summary>Waits until the run's custom status has <paramref name="property"/> at least <paramref name="atLeast"/>.</summary>
    public static async Task WaitForProgressAsync(RunnerSession runner, string instanceId, string property, long atLeast, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var metadata = await runner.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            // The durable custom status is stored with the records' own (Pascal) casing; the HTTP API's is camelCase.
            if (metadata?.SerializedCustomStatus is { } status
                && JsonDocument.Parse(status).RootElement is { ValueKind: JsonValueKind.Object } progress
                && progress.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Number } value
                && value.Value.GetInt64() >= atLeast)
            {
                return;
            }

            Assert.False(metadata?.IsCompleted, $"the run finished before the fault could be injected: {metadata?.RuntimeStatus} {metadata?.SerializedOutput}");
            await Task.Delay(25, cts.Token);
        }
    }

    /// <summary>Asserts the run is still going (so a fault injected now lands inside it).</summary>
    public static async Task AssertRunningAsync(RunnerSession runner, string instanceId)
    {
        var metadata = await runner.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false);
        Assert.False(metadata?.IsCompleted, "the run finished before the fault could be injected");
    }

    /// <summary>
    /// Settings of an in-process runner on its own persistent task hub whose S3 traffic goes through
    /// <paramref name="s3Url"/> (a fault proxy) and whose HTTP API listens on <paramref name="apiPort"/>, exporting a 600,000-row uncompressed report in 8 MiB parts two at a
    /// time: a run long enough for a fault to land inside it.
    /// </summary>
    public static Dictionary<string, string?> SlowExportSettings(Uri s3Url, string hub, int apiPort, IReadOnlyDictionary<string, string?>? baseSettings = null) =>
        new(baseSettings ?? new Dictionary<string, string?>())
        {
            ["S3:ServiceUrl"] = s3Url.ToString(),
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = hub,
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{apiPort}",
            ["Reports:SyntheticRows"] = "600000",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "2",
            ["Export:Compression"] = "None",
            ["Logging:LogLevel:Default"] = "Information",
        };

    /// <summary>Whether a run's status (GET api/runs/{id}) is final.</summary>
    public static bool IsFinished(JsonElement run) =>
        run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated";

    /// <summary>A number from the run's progress (custom status), or -1 while there is none.</summary>
    public static long Progress(JsonElement run, string property) =>
        run.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetInt64()
            : -1;

    /// <summary>Writes a RESULT line (collected into docs/reliability.md) to the test output and to stdout.</summary>
    public static void Report(Xunit.Abstractions.ITestOutputHelper output, string scenario, string details)
    {
        string line = $"RESULT {scenario}: {details}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
