using Microsoft.DurableTask;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Nightly.Activities;
using Orchestrator.Nightly.Models;
using Orchestrator.Runs;

namespace Orchestrator.Nightly;

/// <summary>
/// One per night (id <c>nightly:{yyyy-MM-dd}</c>, so a timer that fires twice starts nothing new): pages through the
/// destinations with an enabled schedule and runs each destination's exports (and import) as sub-orchestrations under
/// their deterministic run ids. Within a page the runs go through a sliding window: at most
/// <see cref="NightlyInput.MaxConcurrentRuns"/> in flight, the next one started as soon as any finishes. Runs that
/// already succeeded are skipped; every failure is recorded with its reason without stopping the others. After each
/// page the summary is stored and the scheduler continues as new, so its history stays small however many
/// destinations there are (a page's runs must all finish first: their completions belong to this execution).
/// </summary>
public sealed class NightlySchedulerOrchestrator : TaskOrchestrator<NightlyInput, NightSummary>
{
    public static string InstanceId(DateOnly day) => $"nightly:{day:yyyy-MM-dd}";

    public override async Task<NightSummary> RunAsync(TaskOrchestrationContext context, NightlyInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var options = RunRetryPolicies.ForNights;
        var page = await context.CallActivityAsync<ScheduledPage>(
            nameof(ListScheduledDestinationsActivity), new ListScheduledInput(input.Day, input.ContinuationToken, input.PageSize), options);
        var startable = page.Runs.Where(r => r.Error is null).ToList();
        var done = input.Force || startable.Count == 0
            ? []
            : await context.CallActivityAsync<IReadOnlyList<string>>(nameof(FindDoneRunsActivity), startable, options);
        var skip = done.ToHashSet(StringComparer.Ordinal);
        var tally = new NightTally(input.Summary with { Destinations = input.Summary.Destinations + page.Destinations, Skipped = input.Summary.Skipped + skip.Count });

        foreach (var run in page.Runs.Where(r => r.Error is not null))
        {
            tally.Failed(run, run.Error!);
        }

        var pending = new Queue<ScheduledRun>(startable.Where(r => !skip.Contains(r.RunId)));
        var inFlight = new List<(ScheduledRun Run, Task<string?> Task)>();
        while (pending.Count > 0 || inFlight.Count > 0)
        {
            while (inFlight.Count < input.MaxConcurrentRuns && pending.TryDequeue(out var next))
            {
                inFlight.Add((next, Start(context, next)));
                tally.Started();
            }

            context.SetCustomStatus(tally.Progress(inFlight.Count));
            await Task.WhenAny(inFlight.Select(f => f.Task));

            // Settle every run that has finished, in the order they were started (deterministic on replay).
            foreach (var finished in inFlight.Where(f => f.Task.IsCompleted).ToList())
            {
                inFlight.Remove(finished);
                try
                {
                    if (await finished.Task is { } partialReason)
                    {
                        tally.PartiallySucceeded(finished.Run, partialReason);
                    }
                    else
                    {
                        tally.Succeeded();
                    }
                }
                catch (TaskFailedException failure)
                {
                    tally.Failed(finished.Run, failure.FailureDetails.ErrorMessage);
                }
            }
        }

        var summary = tally.Summary with { Finished = page.ContinuationToken is null };
        context.SetCustomStatus(tally.Progress(0));
        await context.CallActivityAsync<bool>(nameof(RecordNightSummaryActivity), summary, options);
        if (page.ContinuationToken is not null)
        {
            context.ContinueAsNew(input with { ContinuationToken = page.ContinuationToken, Summary = summary });
        }

        return summary;
    }

    /// <summary>Runs one run; its task ends with null when it succeeded, or why it only partially succeeded.</summary>
    private static async Task<string?> Start(TaskOrchestrationContext context, ScheduledRun run)
    {
        var options = new SubOrchestrationOptions { InstanceId = run.RunId };
        if (run.Report is { } report)
        {
            await context.CallSubOrchestratorAsync<ExportResult>(nameof(ExportOrchestrator), new ExportRequest(run.TenantId, run.DestinationId, report, run.Period), options);
            return null;
        }

        var imported = await context.CallSubOrchestratorAsync<ImportResult>(
            nameof(ImportOrchestrator), new ImportRequest(run.TenantId, run.DestinationId, run.ImportFolder!, run.Period, Force: false), options);
        return imported is { Status: RunStatus.PartiallySucceeded } ? imported.Error ?? "some files failed" : null;
    }
}
