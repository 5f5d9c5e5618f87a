namespace Orchestrator.Nightly.Models;

/// <summary>A run the night should have: an export of one report, or an import (Report null).</summary>
public sealed record ScheduledRun(string TenantId, string DestinationId, string? Report, string RunId);
