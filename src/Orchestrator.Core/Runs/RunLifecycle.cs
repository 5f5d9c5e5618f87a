using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Logging;
using Orchestrator.Runs.Activities;

namespace Orchestrator.Runs;

/// <summary>
/// The lifecycle of every recorded run (export, import), in one place: record it running, run its steps, record its
/// outcome; when a step fails for good, let the run clean up, record the failure with its customer-readable reason,
/// and fail the orchestration with that reason (<see cref="PermanentRunException"/>).
/// </summary>
public static class RunLifecycle
{
    /// <summary>
    /// Records <paramref name="running"/>, then runs <paramref name="steps"/> and records the outcome they return. An
    /// outcome recorded as <see cref="RunStatus.Failed"/> fails the orchestration with the outcome's error. When a step
    /// (or the outcome's recording) fails, <paramref name="failed"/> receives the reason, does the run's own clean-up,
    /// and returns the record to write (a recording that fails too is logged; the step's reason stays the run's).
    /// A later generation of a run (after ContinueAsNew) passes <paramref name="recordRunning"/> false: the run's
    /// running record was written by its first generation.
    /// </summary>
    public static async Task<TResult> RunAsync<TResult>(
        TaskOrchestrationContext context,
        ILogger logger,
        RunRecord running,
        Func<Task<RunOutcome<TResult>>> steps,
        Func<string, Task<RunRecord>> failed,
        bool recordRunning = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(failed);
        if (recordRunning)
        {
            await RecordAsync(context, running);
        }

        RunOutcome<TResult> outcome;
        try
        {
            outcome = await steps();
            if (outcome.Continued)
            {
                return outcome.Result;
            }

            await RecordAsync(context, outcome.Record);
        }
        catch (TaskFailedException failure)
        {
            string error = FailureMessage(failure.FailureDetails);
            var record = await failed(error);
            if (await TryRecordAsync(context, record) is { } recordError)
            {
                Log.RunFailureNotRecorded(logger, recordError);
            }

            throw new PermanentRunException(error);
        }

        return outcome.Record.Status == RunStatus.Failed
            ? throw new PermanentRunException(outcome.Record.Error ?? "The run failed.")
            : outcome.Result;
    }

    /// <summary>The record of a run starting now: the run id is the instance id, the start the orchestration's clock.</summary>
    public static RunRecord Running(TaskOrchestrationContext context, string kind, string tenantId, string destinationId, string? report, DateOnly? period)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RunRecord
        {
            TenantId = tenantId,
            RunId = context.InstanceId,
            Kind = kind,
            DestinationId = destinationId,
            Report = report,
            Period = period,
            Status = RunStatus.Running,
            StartedAt = context.CurrentUtcDateTime,
        };
    }

    /// <summary>The customer-readable message of a failed task: our own exception's, not a wrapper's.</summary>
    public static string FailureMessage(TaskFailureDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var current = details;
        while (current.InnerFailure is not null && current.ErrorType != typeof(PermanentRunException).FullName && current.ErrorType != typeof(TransientStorageException).FullName)
        {
            current = current.InnerFailure;
        }

        return current.ErrorMessage;
    }

    /// <summary>Writes <paramref name="record"/> (retried on transient faults).</summary>
    private static Task<bool> RecordAsync(TaskOrchestrationContext context, RunRecord record) =>
        context.CallActivityAsync<bool>(nameof(RecordRunActivity), record, RunRetryPolicies.ForRunRecords);

    /// <summary>
    /// Records a failed run; if even that fails, the original error stays the run's failure (the durable status
    /// carries it), so this never throws a <see cref="TaskFailedException"/>. Returns the recording's own error, if any.
    /// </summary>
    private static async Task<string?> TryRecordAsync(TaskOrchestrationContext context, RunRecord record)
    {
        try
        {
            await RecordAsync(context, record);
            return null;
        }
        catch (TaskFailedException recordFailure)
        {
            return FailureMessage(recordFailure.FailureDetails);
        }
    }
}
