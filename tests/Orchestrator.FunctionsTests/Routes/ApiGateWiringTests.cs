using System.Text.RegularExpressions;
using Xunit;

namespace Orchestrator.FunctionsTests.Routes;

/// <summary>
/// Every HTTP function's body goes through the one door (<c>ApiGate.RunAsync</c>) with the route constant of its own
/// trigger, so no function can serve a route without the token, role and tenant check (the in-process matrix test runs
/// the gate's behaviour; this catches a new function that skips it). The catch-all reads nothing and stays open.
/// </summary>
public sealed partial class ApiGateWiringTests
{
    [Fact]
    public void HttpFunctions_EveryBody_GoesThroughApiGateWithItsTriggerRoute()
    {
        string folder = Path.Combine(FunctionsAppOutput.RepositoryRoot, "src", "Orchestrator.Functions", "Functions");
        var http = Directory.GetFiles(folder, "*.cs").Select(File.ReadAllText).Where(s => s.Contains("[HttpTrigger(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(http);

        var ungated = http
            .Where(source => Trigger().Match(source) is { Success: true } trigger
                && trigger.Groups[1].Value != "Unmatched"
                && !source.Contains($"ApiGate.RunAsync(request, ApiRoutes.{trigger.Groups[1].Value},", StringComparison.Ordinal))
            .Select(source => Regex.Match(source, @"class (\w+)").Groups[1].Value)
            .ToList();

        Assert.Empty(ungated);
    }

    [GeneratedRegex(@"Route = ApiRoutes\.(\w+)\)")]
    private static partial Regex Trigger();
}
