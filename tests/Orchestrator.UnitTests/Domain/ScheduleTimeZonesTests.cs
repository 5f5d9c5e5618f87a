using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

/// <summary>Which time zone names a schedule accepts: IANA ids the host's tz database knows, under invariant globalization.</summary>
public sealed class ScheduleTimeZonesTests
{
    [Fact]
    public void TryFind_TestHost_RunsWithInvariantGlobalizationLikeTheApps()
    {
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out bool invariant) && invariant);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("Pacific/Honolulu")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("America/Port-au-Prince")]
    [InlineData("Etc/GMT+10")]
    public void TryFind_IanaId_FoundUnderInvariantGlobalization(string id)
    {
        Assert.True(ScheduleTimeZones.TryFind(id, out var zone));
        Assert.Equal(id, zone.Id);
        Assert.True(zone.HasIanaId);
    }

    [Fact]
    public void TryFind_Null_IsUtc()
    {
        Assert.True(ScheduleTimeZones.TryFind(null, out var zone));
        Assert.Same(TimeZoneInfo.Utc, zone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")] // Windows id
    [InlineData("Pacific Standard Time")]
    [InlineData("europe/berlin/")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("Europe/../Europe/Berlin")]
    [InlineData("+05:00")]
    public void TryFind_NotAnIanaIdOnThisHost_Refused(string id)
    {
        Assert.False(ScheduleTimeZones.TryFind(id, out var zone));
        Assert.Same(TimeZoneInfo.Utc, zone);
    }
}
