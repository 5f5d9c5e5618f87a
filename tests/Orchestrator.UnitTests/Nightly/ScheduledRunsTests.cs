using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Nightly.Activities;
using Orchestrator.Nightly.Models;
using Xunit;

namespace Orchestrator.UnitTests.Nightly;

/// <summary>The runs a scheduled destination needs on a night: one export per report and covered day, and the import.</summary>
public sealed class ScheduledRunsTests
{
    private static readonly DateOnly Night = new(2026, 11, 20);

    [Theory]
    [InlineData(null, "2026-11-20")]
    [InlineData("Europe/Berlin", "2026-11-20")]
    [InlineData("Pacific/Honolulu", "2026-11-19")]
    public void RunsOf_KnownZone_ExportsTheCoveredDayWithItsDeterministicIdAndNoError(string? zone, string day)
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Destination(zone, import: false), Input(), "attributes/").ToList();

        var period = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["sessions", "events"], runs.Select(r => r.Report));
        Assert.All(runs, r => Assert.Equal(period, r.Period));
        Assert.All(runs, r => Assert.Null(r.Error));
        Assert.Equal("export:t1:d1:sessions:" + day, runs[0].RunId);
    }

    [Fact]
    public void RunsOf_ZoneUnknownToTheHost_ListsEachExportForTheNightFailedWithAReasonNamingTheZone()
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Destination("Mars/Olympus_Mons", import: true), Input(), "attributes/").ToList();

        var exports = runs.Where(r => r.Report is not null).ToList();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, r => Assert.Equal(Night, r.Period));
        Assert.All(exports, r => Assert.Contains("'Mars/Olympus_Mons'", r.Error, StringComparison.Ordinal));
        var import = Assert.Single(runs, r => r.Report is null);
        Assert.Null(import.Error); // the import does not depend on the zone
        Assert.Equal(Night, import.Period);
    }

    [Fact]
    public void RunsOf_ScheduledImport_CarriesTheNightsDayLikeTheNightsUtcExport()
    {
        var runs = ListScheduledDestinationsActivity.RunsOf(Destination(null, import: true), Input(), "attributes/").ToList();

        var export = runs.First(r => r.Report is not null);
        var import = Assert.Single(runs, r => r.Report is null);
        Assert.Equal(export.Period, import.Period);
        Assert.Equal("import:t1:d1:2026-11-20:attributes", import.RunId);
    }

    private static ListScheduledInput Input() => new(Night, null, 100);

    private static Destination Destination(string? zone, bool import) => new()
    {
        TenantId = "t1",
        DestinationId = "d1",
        Bucket = "bucket",
        Region = "us-east-1",
        Schedule = new DestinationSchedule(true, ["sessions", "events"], import, zone),
    };
}
