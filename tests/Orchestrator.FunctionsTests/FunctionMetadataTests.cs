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
        nameof(StartImportFunction), nameof(GetUserAttributesFunction), nameof(CountAttributeValuesFunction), nameof(NightFunction), nameof(BackfillDestinationFunction),
        nameof(RunsListFunction), nameof(RunsCancelFunction), nameof(RunsRetryFunction), nameof(PurgeHistoryFunction), nameof(PurgeHistoryTimerFunction), nameof(UnmatchedRouteFunction),
    ];

    [Theory]
    [InlineData(nameof(StartExportFunction), "post", "exports", "Function", true)]
    [InlineData(nameof(GetRunFunction), "get", "runs/{instanceId}", "Admin", true)] // operators only: tenants read their runs on the tenant route
    [InlineData(nameof(GetTenantRunFunction), "get", "tenants/{tenant}/runs/{instanceId}", "Function", true)]
    [InlineData(nameof(DestinationsFunction), "get,post", "tenants/{tenant}/destinations", "Function", false)]
    [InlineData(nameof(DestinationFunction), "get,put", "tenants/{tenant}/destinations/{id}", "Function", false)]
    [InlineData(nameof(DeleteDestinationFunction), "delete", "tenants/{tenant}/destinations/{id}", "Admin", true)]
    [InlineData(nameof(ValidateDestinationFunction), "post", "tenants/{tenant}/destinations/{id}/validate", "Function", true)]
    [InlineData(nameof(DestinationIamPolicyFunction), "get", "tenants/{tenant}/destinations/{id}/iam-policy", "Function", false)]
    [InlineData(nameof(BackfillDestinationFunction), "post", "tenants/{tenant}/destinations/{id}/backfill", "Function", true)]
    [InlineData(nameof(NightFunction), "get,post", "nights/{day}", "Admin", true)]
    [InlineData(nameof(StartImportFunction), "post", "imports", "Function", true)]
    [InlineData(nameof(GetUserAttributesFunction), "get", "tenants/{tenant}/users/{userId}/attributes", "Function", false)]
    [InlineData(nameof(CountAttributeValuesFunction), "get", "tenants/{tenant}/attributes/{name}/counts", "Function", false)]
    [InlineData(nameof(RotateExternalIdFunction), "post", "tenants/{tenant}/destinations/{id}/rotate-external-id", "Function", false)]
    [InlineData(nameof(RunsListFunction), "get", "tenants/{tenant}/runs", "Function", false)]
    [InlineData(nameof(RunsCancelFunction), "post", "tenants/{tenant}/runs/{instanceId}/cancel", "Admin", true)]
    [InlineData(nameof(RunsRetryFunction), "post", "tenants/{tenant}/runs/{instanceId}/retry", "Function", true)]
    [InlineData(nameof(PurgeHistoryFunction), "post", "runs/purge", "Admin", true)]
    [InlineData(nameof(UnmatchedRouteFunction), null, "{*path}", "Anonymous", false)] // every method: unknown routes answer problem+json
    public async Task ReportedFunctions_HttpFunction_HasMethodsRouteAndAuthorizationLevel(string name, string? methods, string route, string authLevel, bool durableClient)
    {
        var function = await FindAsync(name);

        AssertHttpTrigger(function, methods?.Split(','), route, authLevel);
        if (durableClient)
        {
            AssertHasDurableClient(function);
        }
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

    private static void AssertHttpTrigger(FunctionDescription function, string[]? methods, string route, string authLevel)
    {
        var trigger = function.Trigger;
        Assert.Equal("httpTrigger", function.TriggerType);
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        if (methods is null)
        {
            Assert.False(trigger.TryGetProperty("methods", out _), "no method list: every method");
        }
        else
        {
            Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        }

        Assert.Equal(route, trigger.GetProperty("route").GetString());
    }

    private static void AssertHasDurableClient(FunctionDescription function) =>
        Assert.Single(function.Bindings, b => b.GetProperty("type").GetString() == "durableClient" && b.GetProperty("direction").GetString() == "In");
}
