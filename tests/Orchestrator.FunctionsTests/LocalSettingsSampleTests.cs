using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Functions;
using Orchestrator.Options;

namespace Orchestrator.FunctionsTests;

/// <summary>local.settings.sample.json is a working local configuration: every setting the app needs, all valid.</summary>
public sealed partial class LocalSettingsSampleTests
{
    private static readonly Dictionary<string, string> Values = ReadValues();

    [Fact]
    public void Sample_SettingsReferencedByBindingsAndHostJson_ArePresent()
    {
        string text = File.ReadAllText(FunctionsAppOutput.PathOf("functions.metadata")) + File.ReadAllText(FunctionsAppOutput.PathOf("host.json"));
        var referenced = AppSettingReference().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains("NIGHTLY_SCHEDULE", referenced);
        Assert.All(referenced, name => Assert.True(Values.ContainsKey(name), $"local.settings.sample.json lacks {name}"));
        Assert.Equal("dotnet-isolated", Values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", Values["AzureWebJobsStorage"]);
    }

    [Fact]
    public void Sample_AppStartupValidation_Passes()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(Values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)));
        builder.AddOrchestratorFunctions();
        using var host = builder.Build();

        // What ValidateOnStart checks when the host starts: every options class of the core.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(20, host.Services.GetRequiredService<IOptions<NightlyOptions>>().Value.MaxConcurrentRuns);
    }

    private static Dictionary<string, string> ReadValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsAppOutput.RepositoryRoot, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex AppSettingReference();
}
