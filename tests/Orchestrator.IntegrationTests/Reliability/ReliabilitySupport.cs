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
            if (metadata?.SerializedCustomStatus is { } status
                && JsonDocument.Parse(status).RootElement is { ValueKind: JsonValueKind.Object } progress
                && progress.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.GetInt64() >= atLeast)
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

    /// <summary>Writes a RESULT line (collected into docs/reliability.md) to the test output and to stdout.</summary>
    public static void Report(Xunit.Abstractions.ITestOutputHelper output, string scenario, string details)
    {
        string line = $"RESULT {scenario}: {details}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
