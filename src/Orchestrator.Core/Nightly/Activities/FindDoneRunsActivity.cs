using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Nightly.Models;
using Orchestrator.Runs;

namespace Orchestrator.Nightly.Activities;

/// <summary>Which of tonight's runs the run records show done or running (<see cref="RunReuse.NightSkips"/>): those are skipped.</summary>
public sealed class FindDoneRunsActivity(IRunStore runs) : TaskActivity<IReadOnlyList<ScheduledRun>, IReadOnlyList<string>>
{
    public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, IReadOnlyList<ScheduledRun> input)
    {
        try
        {
            var records = await Task.WhenAll(input.Select(r => runs.GetAsync(r.TenantId, r.RunId, CancellationToken.None)));
            return records.Where(RunReuse.NightSkips).Select(r => r!.RunId).ToList();
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading run records failed temporarily: {ex.Message}", ex);
        }
    }
}
