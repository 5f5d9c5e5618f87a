namespace Orchestrator.Nightly.Models;

/// <summary>One run that failed during a night, and why (the customer-readable reason).</summary>
public sealed record NightFailure(string TenantId, string DestinationId, string RunId, string Reason);
