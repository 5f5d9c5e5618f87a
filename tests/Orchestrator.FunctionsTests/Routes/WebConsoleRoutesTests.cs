using Orchestrator.WebConsole;

namespace Orchestrator.FunctionsTests.Routes;

/// <summary>Both hosts serve the web console: the Functions app below <c>/api/console/</c> (anonymous), the runner at <c>/</c> and <c>/console/</c>.</summary>
public sealed class WebConsoleRoutesTests
{
    [Fact]
    public void FunctionsMetadata_Console_IsOneAnonymousGetRoute()
    {
        var console = HostRoutes.AllFunctions(withAccess: true).Where(r => r.Path.Contains("/console/", StringComparison.Ordinal)).ToList();

        Assert.Equal([new ServedRoute("GET", "/api/" + ConsoleRoutes.FunctionsTemplate, "Anonymous")], console);
    }

    [Fact]
    public void RunnerEndpoints_Console_AreTheRootAndTheConsoleFolder()
    {
        var console = HostRoutes.AllRunner().Where(r => !r.Path.StartsWith("/api/", StringComparison.Ordinal)).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();

        Assert.Equal([new ServedRoute("GET", "/"), new ServedRoute("GET", ConsoleRoutes.RunnerTemplate)], console);
    }
}
