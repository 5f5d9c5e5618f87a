using Orchestrator.Http;
using Orchestrator.Security;

namespace Orchestrator.UnitTests.Security;

/// <summary>
/// The role table is total and deliberate: every route declares a role (the record's required parameter makes a route
/// without one fail to compile), and this test lists the expected role of each route, so a new route fails here until
/// its role is chosen and docs/security.md's table is updated with it.
/// </summary>
public sealed class RouteRoleTests
{
    private static readonly Dictionary<string, ApiRole> Expected = new(StringComparer.Ordinal)
    {
        ["StartExport"] = ApiRole.TenantAdmin,
        ["StartImport"] = ApiRole.TenantAdmin,
        ["GetRun"] = ApiRole.Operator,
        ["PurgeRuns"] = ApiRole.Operator,
        ["GetNight"] = ApiRole.Operator,
        ["StartNight"] = ApiRole.Operator,
        ["ListRuns"] = ApiRole.TenantReader,
        ["GetTenantRun"] = ApiRole.TenantReader,
        ["CancelRun"] = ApiRole.TenantAdmin,
        ["RetryRun"] = ApiRole.TenantAdmin,
        ["GetUserAttributes"] = ApiRole.TenantReader,
        ["CountAttributeValues"] = ApiRole.TenantReader,
        ["RecountAttributeValues"] = ApiRole.TenantAdmin,
        ["ListDestinations"] = ApiRole.TenantReader,
        ["CreateDestination"] = ApiRole.TenantAdmin,
        ["GetDestination"] = ApiRole.TenantReader,
        ["UpdateDestination"] = ApiRole.TenantAdmin,
        ["DeleteDestination"] = ApiRole.TenantAdmin,
        ["ValidateDestination"] = ApiRole.TenantAdmin,
        ["GetIamPolicy"] = ApiRole.TenantReader,
        ["BackfillDestination"] = ApiRole.TenantAdmin,
        ["RotateExternalId"] = ApiRole.TenantAdmin,
        ["RetentionPreview"] = ApiRole.TenantReader,
    };

    [Fact]
    public void ApiRoutes_EveryRoute_DeclaresItsExpectedDefinedRole()
    {
        Assert.All(ApiRoutes.All, r => Assert.True(Enum.IsDefined(r.Role), $"{r.Name} has no defined role"));
        Assert.Equal(
            Expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            ApiRoutes.All.Select(r => KeyValuePair.Create(r.Name, r.Role)).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ApiRoutes_TenantLessRoutes_AreOperatorOnlyExceptTheStartsThatCheckTheirBody()
    {
        var tenantLess = ApiRoutes.All.Where(r => !r.Template.Contains("{tenant}", StringComparison.Ordinal) && r.Template is not (ApiRoutes.Exports or ApiRoutes.Imports));

        Assert.All(tenantLess, r => Assert.Equal(ApiRole.Operator, r.Role));
    }

    [Fact]
    public void ApiRoutes_GetViews_NeedOnlyAReader_ChangesAnAdminAtLeast()
    {
        Assert.All(ApiRoutes.All.Where(r => r.Template.Contains("{tenant}", StringComparison.Ordinal)), r =>
            Assert.Equal(r.Method == "GET" ? ApiRole.TenantReader : ApiRole.TenantAdmin, r.Role));
    }

    [Fact]
    public void Find_MethodAndTemplate_IsTheTableEntry()
    {
        Assert.Equal("UpdateDestination", ApiRoutes.Find("put", ApiRoutes.Destination)?.Name);
        Assert.Null(ApiRoutes.Find("PATCH", ApiRoutes.Destination));
    }
}
