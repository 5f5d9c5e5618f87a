using Orchestrator.Security;

namespace Orchestrator.UnitTests.Security;

public sealed class ApiAuthorizerTests
{
    private static readonly CallerIdentity ReaderA = new("r", "a", ApiRole.TenantReader);
    private static readonly CallerIdentity AdminA = new("adm", "a", ApiRole.TenantAdmin);
    private static readonly CallerIdentity Operator = new("op", null, ApiRole.Operator);

    [Fact]
    public void Decide_NoCaller_IsUnauthenticatedWhateverTheRoute()
    {
        Assert.Equal(ApiDecision.Unauthenticated, ApiAuthorizer.Decide(null, ApiRole.TenantReader, "a"));
        Assert.Equal(ApiDecision.Unauthenticated, ApiAuthorizer.Decide(null, ApiRole.Operator, null));
    }

    [Theory]
    [InlineData(ApiRole.TenantReader, ApiRole.TenantReader, ApiDecision.Allow)]
    [InlineData(ApiRole.TenantReader, ApiRole.TenantAdmin, ApiDecision.Forbidden)]
    [InlineData(ApiRole.TenantReader, ApiRole.Operator, ApiDecision.Forbidden)]
    [InlineData(ApiRole.TenantAdmin, ApiRole.TenantReader, ApiDecision.Allow)]
    [InlineData(ApiRole.TenantAdmin, ApiRole.TenantAdmin, ApiDecision.Allow)]
    [InlineData(ApiRole.TenantAdmin, ApiRole.Operator, ApiDecision.Forbidden)]
    [InlineData(ApiRole.Operator, ApiRole.TenantAdmin, ApiDecision.Allow)]
    [InlineData(ApiRole.Operator, ApiRole.Operator, ApiDecision.Allow)]
    public void Decide_OwnTenant_RoleDecides(ApiRole held, ApiRole required, ApiDecision expected)
    {
        Assert.Equal(expected, ApiAuthorizer.Decide(new CallerIdentity("s", "a", held), required, "a"));
    }

    [Fact]
    public void Decide_AnotherTenant_IsNotFoundForTenantRolesAndAllowedForOperators()
    {
        Assert.Equal(ApiDecision.NotFound, ApiAuthorizer.Decide(ReaderA, ApiRole.TenantReader, "b"));
        Assert.Equal(ApiDecision.NotFound, ApiAuthorizer.Decide(AdminA, ApiRole.TenantAdmin, "b"));
        Assert.Equal(ApiDecision.Allow, ApiAuthorizer.Decide(Operator, ApiRole.TenantAdmin, "b"));
    }

    [Fact]
    public void Decide_RoleTooLowForAnotherTenant_IsForbiddenBeforeTheTenantIsLookedAt()
    {
        Assert.Equal(ApiDecision.Forbidden, ApiAuthorizer.Decide(ReaderA, ApiRole.TenantAdmin, "b"));
    }

    [Fact]
    public void Decide_TenantCompare_IsOrdinalCaseSensitive()
    {
        Assert.Equal(ApiDecision.NotFound, ApiAuthorizer.Decide(AdminA, ApiRole.TenantAdmin, "A"));
    }

    [Fact]
    public void Decide_ValidTokenWithoutRole_IsForbidden()
    {
        Assert.Equal(ApiDecision.Forbidden, ApiAuthorizer.Decide(new CallerIdentity("s", "a", null), ApiRole.TenantReader, "a"));
    }

    [Fact]
    public void MayActOn_BodyTenant_OwnOrOperatorOnly()
    {
        Assert.True(ApiAuthorizer.MayActOn(AdminA, "a"));
        Assert.False(ApiAuthorizer.MayActOn(AdminA, "b"));
        Assert.True(ApiAuthorizer.MayActOn(Operator, "b"));
    }
}
