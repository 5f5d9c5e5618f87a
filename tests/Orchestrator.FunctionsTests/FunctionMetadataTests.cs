using System.Text.Json;
using Orchestrator.Functions.Functions;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// The app's functions as the host sees them. HTTP and timer functions are declared with <c>[Function]</c> and so are
/// in the build's <c>functions.metadata</c>; the shared orchestrator and activities are registered as classes and are
/// added by the Durable extension when the worker starts, so those are read from the worker's metadata pipeline.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly Lazy<Task<IReadOnlyList<FunctionDescription>>> Reported = new(FunctionsAppOutput.ReadReportedFunctionsAsync);

    [Fact]
    public void MetadataFile_Build_DeclaresExactlyTheHttpAndTimerFunctions()
    {
        var declared = FunctionsAppOutput.ReadMetadataFile();

        Assert.Equal(
            [nameof(GetRunFunction), nameof(NightlyExportTimerFunction), nameof(StartExportFunction)],
            declared.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(declared, f => Assert.Contains(f.TriggerType, new[] { "httpTrigger", "timerTrigger" }));
    }

    [Fact]
    public async Task ReportedFunctions_StartExport_IsHttpPostOnExportsRouteWithFunctionKey()
    {
        var function = await FindAsync(nameof(StartExportFunction));

        AssertHttpTrigger(function, "post", "exports");
        AssertHasDurableClient(function);
    }

    [Fact]
    public async Task ReportedFunctions_GetRun_IsHttpGetOnRunsRouteWithFunctionKey()
    {
        var function = await FindAsync(nameof(GetRunFunction));

        AssertHttpTrigger(function, "get", "runs/{instanceId}");
        AssertHasDurableClient(function);
    }

    [Fact]
    public async Task ReportedFunctions_NightlyTimer_UsesScheduleAppSetting()
    {
        var function = await FindAsync(nameof(NightlyExportTimerFunction));

        Assert.Equal("timerTrigger", function.TriggerType);
        Assert.Equal("%NIGHTLY_SCHEDULE%", function.Trigger.GetProperty("schedule").GetString());
        AssertHasDurableClient(function);
    }

    [Fact]
    public async Task ReportedFunctions_EveryCoreOrchestrator_HasOrchestrationTrigger()
    {
        var reported = await Reported.Value;

        Assert.Contains("ExportOrchestrator", SharedTasks.OrchestratorNames);
        Assert.Equal(
            SharedTasks.OrchestratorNames,
            reported.Where(f => f.TriggerType == "orchestrationTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReportedFunctions_EveryCoreActivity_HasActivityTrigger()
    {
        var reported = await Reported.Value;

        Assert.NotEmpty(SharedTasks.ActivityNames);
        Assert.Equal(
            SharedTasks.ActivityNames,
            reported.Where(f => f.TriggerType == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReportedFunctions_All_AreTheDeclaredFunctionsPlusTheSharedTasksEachOnce()
    {
        var reported = await Reported.Value;
        string[] expected =
        [
            nameof(GetRunFunction), nameof(NightlyExportTimerFunction), nameof(StartExportFunction),
            .. SharedTasks.OrchestratorNames, .. SharedTasks.ActivityNames,
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    private static async Task<FunctionDescription> FindAsync(string name) =>
        Assert.Single(await Reported.Value, f => f.Name == name);

    private static void AssertHttpTrigger(FunctionDescription function, string method, string route)
    {
        var trigger = function.Trigger;
        Assert.Equal("httpTrigger", function.TriggerType);
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal(route, trigger.GetProperty("route").GetString());
    }

    private static void AssertHasDurableClient(FunctionDescription function) =>
        Assert.Single(function.Bindings, b => b.GetProperty("type").GetString() == "durableClient" && b.GetProperty("direction").GetString() == "In");
}
