namespace Orchestrator.Domain;

/// <summary>What the nightly scheduler does for a destination: which reports to export and whether to import.</summary>
/// <param name="TimeZone">
/// IANA time zone (e.g. <c>Pacific/Honolulu</c>) whose "yesterday" the exports cover; null means UTC. Which local day a
/// night covers is defined by <see cref="NightPeriods"/>.
/// </param>
public sealed record DestinationSchedule(bool Enabled, IReadOnlyList<string> Reports, bool Import, string? TimeZone = null);
