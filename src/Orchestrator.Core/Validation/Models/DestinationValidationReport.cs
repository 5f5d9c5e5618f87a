namespace Orchestrator.Validation.Models;

/// <summary>Output of a connection test: every check, in order.</summary>
public sealed record DestinationValidationReport(string TenantId, string DestinationId, bool Passed, IReadOnlyList<CheckResult> Checks);
