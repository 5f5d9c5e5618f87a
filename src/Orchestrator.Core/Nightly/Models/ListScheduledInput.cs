namespace Orchestrator.Nightly.Models;

/// <summary>Input of the page step.</summary>
public sealed record ListScheduledInput(DateOnly Day, string? ContinuationToken, int PageSize);
