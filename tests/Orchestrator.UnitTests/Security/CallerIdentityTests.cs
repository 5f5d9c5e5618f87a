using System.Security.Claims;
using Orchestrator.Security;

namespace Orchestrator.UnitTests.Security;

public sealed class CallerIdentityTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "Bearer"));

    [Fact]
    public void From_SeveralRoles_TakesTheHighest()
    {
        var caller = CallerIdentity.From(
            Principal(("sub", "u1"), ("product_tenant", "acme"), ("roles", "Tenant.Reader"), ("roles", "Tenant.Admin")), new AuthOptions());

        Assert.Equal(new CallerIdentity("u1", "acme", ApiRole.TenantAdmin), caller);
    }

    [Fact]
    public void From_TenantRoleWithoutTenantClaim_GrantsNothing()
    {
        var caller = CallerIdentity.From(Principal(("sub", "u1"), ("roles", "Tenant.Admin")), new AuthOptions());

        Assert.Null(caller.Role);
    }

    [Fact]
    public void From_OperatorWithoutTenant_IsOperator()
    {
        Assert.Equal(ApiRole.Operator, CallerIdentity.From(Principal(("oid", "app"), ("roles", "Orchestrator.Operator")), new AuthOptions()).Role);
    }

    [Fact]
    public void From_ConfiguredClaimNames_AreTheOnesRead()
    {
        var options = new AuthOptions { TenantClaim = "extn.tenant", RolesClaim = "app_roles", AdminRole = "Admin" };

        var caller = CallerIdentity.From(Principal(("sub", "u"), ("extn.tenant", "acme"), ("app_roles", "Admin"), ("roles", "Orchestrator.Operator")), options);

        Assert.Equal(new CallerIdentity("u", "acme", ApiRole.TenantAdmin), caller);
    }

    [Fact]
    public void From_UnknownRoleValue_GrantsNothing()
    {
        Assert.Null(CallerIdentity.From(Principal(("sub", "u"), ("product_tenant", "acme"), ("roles", "tenant.admin")), new AuthOptions()).Role);
    }
}
