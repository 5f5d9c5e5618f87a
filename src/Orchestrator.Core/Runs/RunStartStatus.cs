namespace Orchestrator.Runs;

/// <summary>What a start request did.</summary>
public enum RunStartStatus
{
    /// <summary>This call started the run (new, a rerun of a failed one, or forced).</summary>
    Started = 0,

    /// <summary>The run is still going, or its record says it is done: that run is the answer, nothing was started.</summary>
    Existing = 1,

    /// <summary>The destination does not exist for the tenant: nothing was started and nothing recorded.</summary>
    DestinationNotFound = 2,
}
