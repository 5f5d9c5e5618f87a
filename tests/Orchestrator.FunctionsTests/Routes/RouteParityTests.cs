namespace Orchestrator.FunctionsTests.Routes;

/// <summary>
/// Routes are declared once (<c>Http/ApiRoutes</c>): the Functions app's built metadata, the local runner's endpoints and
/// the README's table must each list exactly the table's methods and paths (and the Functions app its access levels).
/// </summary>
public sealed class RouteParityTests
{
    [Fact]
    public void FunctionsMetadata_HttpFunctions_AreExactlyTheTableWithItsAccessLevels()
    {
        Assert.Empty(HostRoutes.Differences("in table", HostRoutes.Table(withAccess: true), "in functions.metadata", HostRoutes.Functions(withAccess: true)));
    }

    [Fact]
    public void RunnerEndpoints_ApiRoutes_AreExactlyTheTable()
    {
        Assert.Empty(HostRoutes.Differences("in table", HostRoutes.Table(withAccess: false), "in runner", HostRoutes.Runner()));
    }

    [Fact]
    public void FunctionsMetadataAndRunner_Routes_AreExactlyTheSameMethodsAndPaths()
    {
        var functions = HostRoutes.Functions(withAccess: false);

        Assert.Equal(23, functions.Count);
        Assert.Empty(HostRoutes.Differences("in functions.metadata", functions, "in runner", HostRoutes.Runner()));
    }

    [Fact]
    public void Differences_RouteAddedToOneHostOnly_NamesItAndTheHost()
    {
        var functions = HostRoutes.Functions(withAccess: false);
        var runner = HostRoutes.Runner();

        var runnerOnly = HostRoutes.Differences("in functions.metadata", functions, "in runner", [.. runner, new("GET", "/api/extra")]);
        var functionsOnly = HostRoutes.Differences("in functions.metadata", [.. functions, new("PATCH", "/api/tenants/{tenant}/destinations/{id}")], "in runner", runner);

        Assert.Equal(["only in runner: GET /api/extra"], runnerOnly);
        Assert.Equal(["only in functions.metadata: PATCH /api/tenants/{tenant}/destinations/{id}"], functionsOnly);
    }

    [Fact]
    public void FunctionsMetadata_AdminKeyRoutes_AreTheDestructiveAndOperatorOnesOnly()
    {
        string[] admin = [.. HostRoutes.Functions(withAccess: true).Where(r => r.Access == "Admin").Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal)];

        Assert.Equal(
            [
                "DELETE /api/tenants/{tenant}/destinations/{id}",
                "GET /api/nights/{day}",
                "GET /api/runs/{instanceId}", // operators only: tenants read their runs on the tenant route
                "POST /api/nights/{day}",
                "POST /api/runs/purge",
                "POST /api/tenants/{tenant}/runs/{instanceId}/cancel",
            ],
            admin);
    }

    [Fact]
    public void ReadmeHttpApiTable_Routes_AreExactlyTheTable()
    {
        var readme = HostRoutes.Readme();

        Assert.Contains(new ServedRoute("DELETE", "/api/tenants/{tenant}/destinations/{id}"), readme);
        Assert.Empty(HostRoutes.Differences(
            "in table", HostRoutes.Table(withAccess: false).Select(HostRoutes.WithoutParameterNames),
            "in README", readme.Select(HostRoutes.WithoutParameterNames)));
    }
}
