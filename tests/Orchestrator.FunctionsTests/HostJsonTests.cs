using System.Text.Json;

namespace Orchestrator.FunctionsTests;

/// <summary>The repository's top-level host.json is what the app ships: it must be in the build output, and sound.</summary>
public sealed class HostJsonTests
{
    private static readonly string OutputPath = FunctionsAppOutput.PathOf("host.json");

    [Fact]
    public void HostJson_BuildOutput_IsTheRepositoryFile()
    {
        Assert.True(File.Exists(OutputPath), $"host.json is missing from {FunctionsAppOutput.Directory}");
        Assert.Equal(File.ReadAllText(Path.Combine(FunctionsAppOutput.RepositoryRoot, "host.json")), File.ReadAllText(OutputPath));
    }

    [Fact]
    public void HostJson_Extensions_HasDurableTaskAtTopLevelWithHubAndConcurrency()
    {
        using var host = Read();
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var durableTask = root.GetProperty("extensions").GetProperty("durableTask");
        Assert.False(string.IsNullOrWhiteSpace(durableTask.GetProperty("hubName").GetString()));
        Assert.InRange(durableTask.GetProperty("maxConcurrentActivityFunctions").GetInt32(), 1, 64);
        Assert.False(root.GetProperty("logging").TryGetProperty("extensions", out _), "extensions must not be nested under logging");
    }

    [Fact]
    public void HostJson_Logging_ExcludesRequestsFromSampling()
    {
        using var host = Read();
        var sampling = host.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");

        Assert.Contains("Request", sampling.GetProperty("excludedTypes").GetString()!.Split(';'));
    }

    [Fact]
    public void HostJson_FunctionTimeout_IsSet()
    {
        using var host = Read();

        Assert.True(TimeSpan.TryParse(host.RootElement.GetProperty("functionTimeout").GetString(), out var timeout));
        Assert.True(timeout > TimeSpan.Zero);
    }

    private static JsonDocument Read() => JsonDocument.Parse(File.ReadAllText(OutputPath));
}
