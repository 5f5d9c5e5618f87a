using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("t")]
    [InlineData("Tenant-1")]
    [InlineData("0abc_DEF-9")]
    public void IsValidId_ValidId_ReturnsTrue(string id)
    {
        Assert.True(Identifiers.IsValidId(id));
    }

    [Fact]
    public void IsValidId_SixtyFourCharacters_ReturnsTrue()
    {
        Assert.True(Identifiers.IsValidId(new string('a', 64)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-tenant")]
    [InlineData("_tenant")]
    [InlineData("ten:ant")]
    [InlineData("ten ant")]
    [InlineData("ten/ant")]
    [InlineData("tenänt")]
    public void IsValidId_InvalidId_ReturnsFalse(string? id)
    {
        Assert.False(Identifiers.IsValidId(id));
    }

    [Fact]
    public void IsValidId_SixtyFiveCharacters_ReturnsFalse()
    {
        Assert.False(Identifiers.IsValidId(new string('a', 65)));
    }

    [Theory]
    [InlineData("insights")]
    [InlineData("daily_sessions-v2")]
    [InlineData("r")]
    public void IsValidReportName_ValidName_ReturnsTrue(string name)
    {
        Assert.True(Identifiers.IsValidReportName(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Insights")]
    [InlineData("1insights")]
    [InlineData("-insights")]
    [InlineData("in:sights")]
    [InlineData("in sights")]
    public void IsValidReportName_InvalidName_ReturnsFalse(string? name)
    {
        Assert.False(Identifiers.IsValidReportName(name));
    }

    [Fact]
    public void IsValidReportName_LengthBound_AcceptsSixtyFourRejectsSixtyFive()
    {
        Assert.True(Identifiers.IsValidReportName(new string('r', 64)));
        Assert.False(Identifiers.IsValidReportName(new string('r', 65)));
    }
}
