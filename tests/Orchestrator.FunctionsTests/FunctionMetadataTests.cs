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
            DeclaredFunctions.Order(StringComparer.Ordinal),
            declared.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(declared, f => Assert.Contains(f.TriggerType, new[] { "httpTrigger", "timerTrigger" }));
    }

    private static readonly string[] DeclaredFunctions =
    [
        nameof(GetRunFunction), nameof(NightlyExportTimerFunction), nameof(StartExportFunction), nameof(GetTenantRunFunction),
        nameof(DestinationsFunction), nameof(DestinationFunction), nameof(DeleteDestinationFunction),
        nameof(ValidateDestinationFunction), nameof(DestinationIamPolicyFunction), nameof(RotateExternalIdFunction),
        nameof(StartImportFunction), nameof(GetUserAttributesFunction), nameof(CountAttributeValuesFunction), nameof(RecountAttributeValuesFunction), nameof(NightFunction), nameof(BackfillDestinationFunction),
        nameof(RunsListFunction), nameof(RunsCancelFunction), nameof(RunsRetryFunction), nameof(PurgeHistoryFunction), nameof(PurgeHistoryTimerFunction), nameof(UnmatchedRouteFunction),
        nameof(RetentionPreviewFunction), nameof(ConsoleFunction),
    ];

    [Theory]
    [InlineData(nameof(StartExportFunction), true)]
    [InlineData(nameof(GetRunFunction), true)]
    [InlineData(nameof(GetTenantRunFunction), true)]
    [InlineData(nameof(DestinationsFunction), false)]
    [InlineData(nameof(DestinationFunction), false)]
    [InlineData(nameof(DeleteDestinationFunction), true)]
    [InlineData(nameof(ValidateDestinationFunction), true)]
    [InlineData(nameof(DestinationIamPolicyFunction), false)]
    [InlineData(nameof(BackfillDestinationFunction), true)]
    [InlineData(nameof(NightFunction), true)]
    [InlineData(nameof(StartImportFunction), true)]
    [InlineData(nameof(GetUserAttributesFunction), false)]
    [InlineData(nameof(CountAttributeValuesFunction), false)]
    [InlineData(nameof(RecountAttributeValuesFunction), true)]
    [InlineData(nameof(RotateExternalIdFunction), false)]
    [InlineData(nameof(RunsListFunction), false)]
    [InlineData(nameof(RunsCancelFunction), true)]
    [InlineData(nameof(RunsRetryFunction), true)]
    [InlineData(nameof(PurgeHistoryFunction), true)]
    [InlineData(nameof(RetentionPreviewFunction), false)]
    [InlineData(nameof(ConsoleFunction), false)]
    public async Task ReportedFunctions_HttpFunction_HasHttpTriggerAndDurableClientWhereItStartsOrReadsRuns(string name, bool durableClient)
    {
        var function = await FindAsync(name);

        Assert.Equal("httpTrigger", function.TriggerType);
        if (durableClient)
        {
            AssertHasDurableClient(function);
        }
        else
        {
            Assert.DoesNotContain(function.Bindings, b => b.GetProperty("type").GetString() == "durableClient");
        }
    }

    [Fact]
    public async Task ReportedFunctions_CatchAll_IsAnonymousForEveryMethodBelowThePrefix()
    {
        var trigger = (await FindAsync(nameof(UnmatchedRouteFunction))).Trigger;

        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.False(trigger.TryGetProperty("methods", out _), "no method list: every method");
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
    public async Task ReportedFunctions_PurgeTimer_UsesScheduleAppSetting()
    {
        var function = await FindAsync(nameof(PurgeHistoryTimerFunction));

        Assert.Equal("timerTrigger", function.TriggerType);
        Assert.Equal("%PURGE_SCHEDULE%", function.Trigger.GetProperty("schedule").GetString());
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
        string[] expected = [.. DeclaredFunctions, .. SharedTasks.OrchestratorNames, .. SharedTasks.ActivityNames];

        Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    private static async Task<FunctionDescription> FindAsync(string name) =>
        Assert.Single(await Reported.Value, f => f.Name == name);

    private static void AssertHasDurableClient(FunctionDescription function) =>
        Assert.Single(function.Bindings, b => b.GetProperty("type").GetString() == "durableClient" && b.GetProperty("direction").GetString() == "In");
}
