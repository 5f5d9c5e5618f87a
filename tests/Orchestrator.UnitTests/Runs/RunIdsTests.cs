using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.UnitTests.Runs;

/// <summary>A tenant's run id names its tenant; a night's does not (its day must not be read as a tenant).</summary>
public sealed class RunIdsTests
{
    [Theory]
    [InlineData("export:acme:s3-main:sessions:2026-11-24", "acme")]
    [InlineData("import:acme:s3-main:2026-11-24:attributes", "acme")]
    [InlineData("validate:acme:s3-main:abc", "acme")]
    [InlineData("nightly:2026-11-24", null)]
    [InlineData("probe:2026-11-24:x", null)]
    [InlineData("export::d:r:2026-11-24", null)]
    [InlineData("garbage", null)]
    public void TenantOf_RunId_IsTheTenantOfTenantRunsOnly(string id, string? tenant) =>
        Assert.Equal(tenant, RunIds.TenantOf(id));
}
