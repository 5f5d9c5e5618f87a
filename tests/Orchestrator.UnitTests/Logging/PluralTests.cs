using Orchestrator.Logging;

namespace Orchestrator.UnitTests.Logging;

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "parts")]
    [InlineData(1, "part")]
    [InlineData(2, "parts")]
    [InlineData(10_000, "parts")]
    public void Noun_Count_AgreesWithTheCount(long count, string expected)
    {
        Assert.Equal(expected, Plural.Noun(count, "part"));
    }
}
