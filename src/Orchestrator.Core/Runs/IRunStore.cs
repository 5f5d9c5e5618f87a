namespace Orchestrator.Runs;

/// <summary>Run records, partitioned by tenant.</summary>
public interface IRunStore
{
    Task UpsertAsync(RunRecord record, CancellationToken cancellationToken);

    Task<RunRecord?> GetAsync(string tenantId, string runId, CancellationToken cancellationToken);
}
