namespace Orchestrator.Runs;

/// <summary>
/// Every execution of an activity, by run and activity name: durable history records the calls an orchestration
/// scheduled and the results it got, never an execution that died with its worker and ran again after its lock
/// expired. Only names and counts: never an input, so nothing of a customer's data or secrets.
/// </summary>
public interface IRunExecutionStore
{
    /// <summary>Notes that an activity of <paramref name="runId"/> starts executing.</summary>
    Task RecordAsync(string runId, string activity, CancellationToken cancellationToken);

    /// <summary>Executions of the run's activities, by activity name.</summary>
    Task<IReadOnlyDictionary<string, int>> CountAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Forgets the run's executions (with its durable history).</summary>
    Task DeleteAsync(string runId, CancellationToken cancellationToken);
}
