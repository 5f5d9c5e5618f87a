using Microsoft.DurableTask;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Orchestrations;
using Orchestrator.Nightly.Activities;
using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly;

/// <summary>
/// One per night (id <c>nightly:{yyyy-MM-dd}</c>, so a timer that fires twice starts nothing new): pages through the
/// destinations with an enabled schedule, runs each destination's exports (and import) as sub-orchestrations under
/// their deterministic run ids, at most <see cref="NightlyInput.MaxConcurrentRuns"/> at a time, skips runs that already
/// succeeded, records every failure with its reason without stopping the others, and continues as new after each page
/// so its history stays small however many destinations there are.
/// </summary>
public sealed class NightlySchedulerOrchestrator : TaskOrchestrator<NightlyInput, NightSummary>
{
    public const string ImportPrefix = "attributes/";

    public static string InstanceId(DateOnly day) => $"nightly:{day:yyyy-MM-dd}";

    public override async Task<NightSummary> RunAsync(TaskOrchestrationContext context, NightlyInput input)
    {
        var options = ExportRetryPolicies.TransientOptions;
        var summary = input.Summary;
        var page = await context.CallActivityAsync<ScheduledPage>(
            nameof(ListScheduledDestinationsActivity), new ListScheduledInput(input.Day, input.ContinuationToken, input.PageSize, ImportPrefix), options);
        var startable = page.Runs.Where(r => r.Error is null).ToList();
        var done = input.Force || startable.Count == 0
            ? []
            : await context.CallActivityAsync<IReadOnlyList<string>>(nameof(FindDoneRunsActivity), startable, options);
        var skip = done.ToHashSet(StringComparer.Ordinal);
        summary = summary with { Destinations = summary.Destinations + page.Destinations, Skipped = summary.Skipped + skip.Count };
        var failures = summary.Failures.ToList();

        // Runs that cannot start (e.g. an unknown time zone) fail alone, with their reason.
        foreach (var run in page.Runs.Where(r => r.Error is not null))
        {
            summary = summary with { Failed = summary.Failed + 1 };
            if (failures.Count < NightSummary.MaxFailuresKept)
            {
                failures.Add(new NightFailure(run.TenantId, run.DestinationId, run.RunId, run.Error!));
            }
        }

        foreach (var batch in startable.Where(r => !skip.Contains(r.RunId)).Chunk(input.MaxConcurrentRuns))
        {
            var running = batch.Select(run => (run, task: Start(context, run))).ToList();
            foreach (var (run, task) in running)
            {
                try
                {
                    await task;
                    summary = summary with { Succeeded = summary.Succeeded + 1 };
                }
                catch (TaskFailedException failure)
                {
                    summary = summary with { Failed = summary.Failed + 1 };
                    if (failures.Count < NightSummary.MaxFailuresKept)
                    {
                        failures.Add(new NightFailure(run.TenantId, run.DestinationId, run.RunId, failure.FailureDetails.ErrorMessage));
                    }
                }
            }

            summary = summary with { Started = summary.Started + batch.Length, Failures = failures };
            context.SetCustomStatus(summary);
        }

        summary = summary with { Failures = failures, Finished = page.ContinuationToken is null };
        await context.CallActivityAsync<bool>(nameof(RecordNightSummaryActivity), summary, options);
        if (page.ContinuationToken is not null)
        {
            context.ContinueAsNew(input with { ContinuationToken = page.ContinuationToken, Summary = summary });
        }

        return summary;
    }

    private static Task Start(TaskOrchestrationContext context, ScheduledRun run)
    {
        var options = new SubOrchestrationOptions { InstanceId = run.RunId };
        return run.Report is { } report
            ? context.CallSubOrchestratorAsync<ExportResult>(nameof(ExportOrchestrator), new ExportRequest(run.TenantId, run.DestinationId, report, run.Period), options)
            : context.CallSubOrchestratorAsync<ImportResult>(
                nameof(ImportOrchestrator), new ImportRequest(run.TenantId, run.DestinationId, ImportPrefix, run.Period, Force: false), options);
    }
}
