using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly;

/// <summary>Night summaries, one per day.</summary>
public interface INightStore
{
    Task UpsertAsync(NightSummary summary, CancellationToken cancellationToken);

    Task<NightSummary?> GetAsync(DateOnly day, CancellationToken cancellationToken);
}
