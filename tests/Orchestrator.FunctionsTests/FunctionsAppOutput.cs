using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Functions;

namespace Orchestrator.FunctionsTests;

/// <summary>One function as the Functions host sees it: its name and the JSON of each binding.</summary>
internal sealed record FunctionDescription(string Name, IReadOnlyList<JsonElement> Bindings)
{
    public JsonElement Trigger => Assert.Single(this.Bindings, b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    public string TriggerType => this.Trigger.GetProperty("type").GetString()!;
}

/// <summary>The Functions app's build output folder, and the function list the worker reports to the host from it.</summary>
internal static class FunctionsAppOutput
{
    /// <summary>The folder the build wrote Orchestrator.Functions to (recorded by the test project at build time).</summary>
    public static string Directory { get; } = BuildValue("FunctionsAppOutputDirectory");

    /// <summary>The repository's top-level folder (where host.json and local.settings.sample.json live).</summary>
    public static string RepositoryRoot { get; } = BuildValue("RepositoryRoot");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The build's <c>functions.metadata</c>: the functions declared with <c>[Function]</c>.</summary>
    public static IReadOnlyList<FunctionDescription> ReadMetadataFile()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf("functions.metadata")));
        return document.RootElement.EnumerateArray()
            .Select(f => new FunctionDescription(
                f.GetProperty("name").GetString()!,
                f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList()))
            .ToList();
    }

    /// <summary>
    /// What the worker reports to the host at start (worker indexing): <c>functions.metadata</c> run through the
    /// metadata transformers that the app's start-up code registers, e.g. the Durable extension's, which adds a
    /// function for every class-based orchestrator and activity in the task registry.
    /// </summary>
    public static async Task<IReadOnlyList<FunctionDescription>> ReadReportedFunctionsAsync()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        RunGeneratedExtensionStartup(builder);
        builder.AddOrchestratorFunctions();
        using var host = builder.Build();

        var metadata = await host.Services.GetRequiredService<IFunctionMetadataManager>().GetFunctionMetadataAsync(Directory);
        return metadata
            .Select(f => new FunctionDescription(
                f.Name!,
                (f.RawBindings ?? []).Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToList()))
            .ToList();
    }

    private static string BuildValue(string key) => typeof(FunctionsAppOutput).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    /// <summary>
    /// In the app the worker runs the extension start-up code that the SDK generated into the entry assembly (the
    /// Durable, HTTP and timer extensions' own registrations). In a test process the entry assembly is the test host,
    /// so run the Functions assembly's generated start-up explicitly, exactly as the worker would.
    /// </summary>
    private static void RunGeneratedExtensionStartup(IFunctionsWorkerApplicationBuilder builder)
    {
        var info = typeof(FunctionsAppBuilderExtensions).Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>()
            ?? throw new InvalidOperationException("Orchestrator.Functions has no generated extension start-up code.");
        var startup = (WorkerExtensionStartup)Activator.CreateInstance(info.StartupCodeExecutorType)!;
        startup.Configure(builder);
    }
}
