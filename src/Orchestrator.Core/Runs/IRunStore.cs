using Orchestrator.Operations;

namespace Orchestrator.Runs;

/// <summary>Run records, partitioned by tenant.</summary>
public interface IRunStore
{
    Task UpsertAsync(RunRecord record, CancellationToken cancellationToken);

    Task<RunRecord?> GetAsync(string tenantId, string runId, CancellationToken cancellationToken);

    /// <summary>A tenant's runs matching the filters, newest first (StartedAt descending), one page at a time.</summary>
    Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken);
}
