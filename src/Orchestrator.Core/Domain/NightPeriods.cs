namespace Orchestrator.Domain;

/// <summary>
/// Which local calendar days the night of UTC day <c>D</c> exports for a destination in a time zone, from the night id
/// alone (reruns and backfills of a night always cover the same days). The night's reference instant is
/// <c>D+1 00:00 UTC</c>; it covers every local day that ended after the previous night's reference instant and no later
/// than its own. That is normally exactly one day, the last local day fully ended at the reference instant: <c>D</c> where
/// the zone is at or ahead of UTC then, <c>D-1</c> where it is behind. When a zone's offset crosses UTC's (for example
/// Atlantic/Azores, UTC-1 in winter and UTC+0 in summer), one night covers two days and another none, so every local day
/// is exported exactly once.
/// </summary>
public static class NightPeriods
{
    /// <summary>The night's reference instant: the end of the UTC day <paramref name="night"/>.</summary>
    public static DateTime ReferenceInstant(DateOnly night) => night.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The last local day of <paramref name="zone"/> that has fully ended at <paramref name="utc"/>.</summary>
    public static DateOnly LastEndedDay(DateTime utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).AddDays(-1);
    }

    /// <summary>The local days the night covers, oldest first (usually one; none or two around some offset changes).</summary>
    public static IReadOnlyList<DateOnly> Covered(DateOnly night, TimeZoneInfo zone)
    {
        var last = LastEndedDay(ReferenceInstant(night), zone);
        var previous = LastEndedDay(ReferenceInstant(night.AddDays(-1)), zone);
        var days = new List<DateOnly>();
        for (var day = previous.AddDays(1); day <= last; day = day.AddDays(1))
        {
            days.Add(day);
        }

        return days;
    }
}
