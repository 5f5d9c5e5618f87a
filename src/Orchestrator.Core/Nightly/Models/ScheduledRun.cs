namespace Orchestrator.Nightly.Models;

/// <summary>A run the night should have: an export of one report, or an import (Report null).</summary>
/// <param name="Period">
/// For an export, the day it covers (computed from the night and the destination's time zone by
/// <see cref="Domain.NightPeriods"/>); for an import, the night's own day (the day its run id carries).
/// </param>
/// <param name="Error">Set when the run cannot even start (e.g. the schedule's time zone is unknown): it is counted as failed with this reason.</param>
/// <param name="ImportFolder">For an import, the folder it reads (<c>Import:DefaultPrefix</c>, normalised); null for an export.</param>
public sealed record ScheduledRun(string TenantId, string DestinationId, string? Report, string RunId, DateOnly Period, string? Error = null, string? ImportFolder = null);
