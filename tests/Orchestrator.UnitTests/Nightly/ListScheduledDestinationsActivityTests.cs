using Orchestrator.Domain;
using Orchestrator.Nightly.Activities;
using Orchestrator.Nightly.Models;

namespace Orchestrator.UnitTests.Nightly;

/// <summary>The runs a scheduled destination needs on a night: run ids and periods from its reports and time zone.</summary>
public sealed class ListScheduledDestinationsActivityTests
{
    private const string Folder = "attributes/";

    private static readonly ListScheduledInput Night = new(new DateOnly(2026, 11, 20), null, 100);

    [Fact]
    public void RunsOf_NoTimeZone_ExportsAndImportsUnderTheNightsDay()
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Scheduled(new(true, ["sessions", "events"], Import: true)), Night, Folder).ToList();

        Assert.Equal(
            [
                new ScheduledRun("acme", "s3-main", "sessions", "export:acme:s3-main:sessions:2026-11-20", new DateOnly(2026, 11, 20)),
                new ScheduledRun("acme", "s3-main", "events", "export:acme:s3-main:events:2026-11-20", new DateOnly(2026, 11, 20)),
                new ScheduledRun("acme", "s3-main", null, "import:acme:s3-main:2026-11-20:attributes", new DateOnly(2026, 11, 20), ImportFolder: "attributes/"),
            ],
            runs);
    }

    [Theory]
    [InlineData("Pacific/Honolulu", "2026-11-19")]
    [InlineData("Pacific/Tongatapu", "2026-11-20")]
    [InlineData("UTC", "2026-11-20")]
    public void RunsOf_TimeZone_RunIdAndPeriodAreThatZonesYesterday(string zone, string expected)
    {
        var run = Assert.Single(ListScheduledDestinationsActivity.RunsOf(Scheduled(new(true, ["sessions"], Import: false, zone)), Night, Folder));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), run.Period);
        Assert.Equal($"export:acme:s3-main:sessions:{expected}", run.RunId);
        Assert.Null(run.Error);
    }

    [Fact]
    public void RunsOf_ZoneCrossingUtc_TwoPeriodsOnTheSpringNight()
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Scheduled(new(true, ["sessions"], Import: false, "Atlantic/Azores")), Night with { Day = new DateOnly(2026, 3, 29) }, Folder).ToList();

        Assert.Equal(["export:acme:s3-main:sessions:2026-03-28", "export:acme:s3-main:sessions:2026-03-29"], runs.Select(r => r.RunId));
    }

    [Fact]
    public void RunsOf_ZoneUnknownToThisHost_RunsCarryTheReasonInsteadOfAPeriodGuess()
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Scheduled(new(true, ["sessions"], Import: true, "Mars/Olympus_Mons")), Night, Folder).ToList();

        var export = runs[0];
        Assert.Contains("Mars/Olympus_Mons", export.Error, StringComparison.Ordinal);
        Assert.Contains("schedule.timeZone", export.Error, StringComparison.Ordinal);
        Assert.Null(runs[1].Error); // the import does not depend on the zone
    }

    private static Destination Scheduled(DestinationSchedule schedule) => new()
    {
        TenantId = "acme",
        DestinationId = "s3-main",
        Bucket = "acme-exports",
        Region = "us-east-1",
        Schedule = schedule,
    };
}
