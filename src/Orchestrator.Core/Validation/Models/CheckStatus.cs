namespace Orchestrator.Validation.Models;

/// <summary>Outcome of one check.</summary>
public enum CheckStatus
{
    Passed = 0,
    Failed = 1,

    /// <summary>Not run because an earlier check failed.</summary>
    Skipped = 2,
}
