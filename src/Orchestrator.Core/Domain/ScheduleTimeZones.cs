using System.Text.RegularExpressions;

namespace Orchestrator.Domain;

/// <summary>
/// Time zones a schedule may name: IANA ids (<c>Europe/Berlin</c>, <c>UTC</c>) found in the host's time-zone database
/// (<c>/usr/share/zoneinfo</c> on Linux; <c>InvariantGlobalization</c> does not affect it). Windows ids are refused.
/// </summary>
public static partial class ScheduleTimeZones
{
    /// <summary>The zone of a schedule (null means UTC), or false when the host does not know it.</summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id is null)
        {
            return true;
        }

        if (!IdPattern().IsMatch(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId)
        {
            return false;
        }

        zone = found;
        return true;
    }

    /// <summary>Area/Location names and the single names (<c>UTC</c>, <c>EST5EDT</c>): letters, digits, '_', '+', '-', '/'.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]{0,40}(/[A-Za-z0-9][A-Za-z0-9_+-]{0,40}){0,2}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
