using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>
/// Result of a start: the run's id, what the call did, the durable instance (null when its history is gone, e.g. the
/// in-memory backend restarted or the history was purged) and the run record (null for runs without one, e.g. nights).
/// </summary>
public sealed record RunStartOutcome(string InstanceId, RunStartStatus Status, OrchestrationMetadata? Metadata, RunRecord? Record = null)
{
    /// <summary>Whether this call started the run.</summary>
    public bool Started => this.Status == RunStartStatus.Started;

    /// <summary>Whether the run answered is finished: its instance completed, or, without one, its record is no longer running.</summary>
    public bool Finished => this.Metadata is { } m ? m.IsCompleted : this.Record is { Status: not RunStatus.Running };
}
