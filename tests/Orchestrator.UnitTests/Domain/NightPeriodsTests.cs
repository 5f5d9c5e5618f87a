using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

/// <summary>Which local day(s) a night exports for a time zone: from the night id alone, each local day exactly once.</summary>
public sealed class NightPeriodsTests
{
    [Theory]
    [InlineData("UTC", "2026-11-20", "2026-11-20")]
    [InlineData("Europe/London", "2026-07-14", "2026-07-14")] // UTC+1 in summer
    [InlineData("Europe/Berlin", "2026-11-20", "2026-11-20")]
    [InlineData("Pacific/Tongatapu", "2026-11-20", "2026-11-20")] // UTC+13
    [InlineData("Pacific/Auckland", "2026-11-20", "2026-11-20")] // UTC+13 (daylight saving)
    [InlineData("Pacific/Kiritimati", "2026-11-20", "2026-11-20")] // UTC+14
    [InlineData("Pacific/Honolulu", "2026-11-20", "2026-11-19")] // UTC-10
    [InlineData("America/New_York", "2026-11-20", "2026-11-19")]
    [InlineData("Pacific/Pago_Pago", "2026-11-20", "2026-11-19")] // UTC-11
    [InlineData("Asia/Kolkata", "2026-11-20", "2026-11-20")] // UTC+5:30
    public void Covered_OrdinaryNight_IsTheLastLocalDayEndedAtMidnightUtc(string zone, string night, string expected)
    {
        var days = NightPeriods.Covered(Day(night), Zone(zone));

        Assert.Equal([Day(expected)], days);
    }

    [Fact]
    public void Covered_UtcMinus10_LocalDayHasEndedByTheReferenceInstantAndTheNextHasNot()
    {
        // Honolulu's 2026-11-19 ended at 2026-11-20 10:00 UTC, before the night's instant (2026-11-21 00:00 UTC);
        // its 2026-11-20 ends at 2026-11-21 10:00 UTC, after it.
        var zone = Zone("Pacific/Honolulu");
        var instant = NightPeriods.ReferenceInstant(Day("2026-11-20"));

        Assert.Equal(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc), instant);
        Assert.Equal(Day("2026-11-19"), NightPeriods.LastEndedDay(instant, zone));
        Assert.Equal(Day("2026-11-20"), NightPeriods.LastEndedDay(instant.AddHours(10), zone));
        Assert.Equal(Day("2026-11-19"), NightPeriods.LastEndedDay(instant.AddHours(10).AddTicks(-1), zone));
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-06", "2026-03-10")] // daylight saving starts 2026-03-08
    [InlineData("America/New_York", "2026-10-30", "2026-11-03")] // and ends 2026-11-01
    [InlineData("Europe/Berlin", "2026-03-27", "2026-03-31")] // summer time starts 2026-03-29
    [InlineData("Europe/Berlin", "2026-10-23", "2026-10-27")] // and ends 2026-10-25
    [InlineData("Pacific/Auckland", "2026-04-03", "2026-04-07")] // UTC+13 -> +12 on 2026-04-05
    [InlineData("Australia/Sydney", "2026-10-02", "2026-10-06")] // UTC+10 -> +11 on 2026-10-04
    public void Covered_AcrossADaylightSavingChange_OneDayPerNightWithoutGapOrRepeat(string zone, string from, string to)
    {
        var nights = Nights(Day(from), Day(to));

        var covered = nights.Select(n => NightPeriods.Covered(n, Zone(zone))).ToList();

        Assert.All(covered, days => Assert.Single(days));
        var days = covered.SelectMany(d => d).ToList();
        Assert.Equal(days.Count, days.Distinct().Count());
        Assert.Equal(days[0].AddDays(days.Count - 1), days[^1]);
    }

    [Fact]
    public void Covered_AzoresSpringForwardAcrossUtc_OneNightCoversTwoDaysSoNoneIsSkipped()
    {
        // Atlantic/Azores is UTC-1 in winter and UTC+0 in summer (from 2026-03-29 01:00 UTC).
        var zone = Zone("Atlantic/Azores");

        Assert.Equal([Day("2026-03-27")], NightPeriods.Covered(Day("2026-03-28"), zone));
        Assert.Equal([Day("2026-03-28"), Day("2026-03-29")], NightPeriods.Covered(Day("2026-03-29"), zone));
        Assert.Equal([Day("2026-03-30")], NightPeriods.Covered(Day("2026-03-30"), zone));
    }

    [Fact]
    public void Covered_AzoresFallBackAcrossUtc_OneNightCoversNoDaySoNoneIsRepeated()
    {
        // Back to UTC-1 on 2026-10-25 01:00 UTC: the local 2026-10-25 lasts 25 hours.
        var zone = Zone("Atlantic/Azores");

        Assert.Equal([Day("2026-10-24")], NightPeriods.Covered(Day("2026-10-24"), zone));
        Assert.Empty(NightPeriods.Covered(Day("2026-10-25"), zone));
        Assert.Equal([Day("2026-10-25")], NightPeriods.Covered(Day("2026-10-26"), zone));
    }

    [Fact]
    public void Covered_EveryZoneForAYearOfNights_EachLocalDayExactlyOnceInOrder()
    {
        var nights = Nights(Day("2026-01-01"), Day("2026-12-31"));
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId))
        {
            var days = nights.SelectMany(n => NightPeriods.Covered(n, zone)).ToList();

            for (int i = 1; i < days.Count; i++)
            {
                Assert.True(days[i] == days[i - 1].AddDays(1), $"{zone.Id}: {days[i - 1]} is followed by {days[i]}");
            }

            Assert.InRange(days.Count, nights.Count - 1, nights.Count + 1);
        }
    }

    [Fact]
    public void Covered_SameNightTwice_SameDays()
    {
        var zone = Zone("Pacific/Honolulu");

        Assert.Equal(NightPeriods.Covered(Day("2026-02-01"), zone), NightPeriods.Covered(Day("2026-02-01"), zone));
    }

    private static List<DateOnly> Nights(DateOnly from, DateOnly to)
    {
        var nights = new List<DateOnly>();
        for (var n = from; n <= to; n = n.AddDays(1))
        {
            nights.Add(n);
        }

        return nights;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Zone(string id) => ScheduleTimeZones.TryFind(id, out var zone) ? zone : throw new InvalidOperationException($"{id} is not in this host's tz database");
}
