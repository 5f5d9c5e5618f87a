using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Orchestrations;

namespace Orchestrator.Runs;

/// <summary>How every run orchestration records itself in the run table and words its failures (one place).</summary>
public static class RunRecording
{
    /// <summary>Writes <paramref name="record"/> (retried on transient faults).</summary>
    public static Task<bool> RecordAsync(TaskOrchestrationContext context, RunRecord record) =>
        context.CallActivityAsync<bool>(nameof(RecordRunActivity), record, ExportRetryPolicies.TransientOptions);

    /// <summary>
    /// Records a failed run; if even that fails, the original error stays the run's failure (the durable status
    /// carries it), so this never throws a <see cref="TaskFailedException"/>. Returns the recording's own error, if any.
    /// </summary>
    public static async Task<string?> TryRecordFailureAsync(TaskOrchestrationContext context, RunRecord record)
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

    /// <summary>The customer-readable message of a failed task: our own exception's, not a wrapper's.</summary>
    public static string FailureMessage(TaskFailureDetails details)
    {
        var current = details;
        while (current.InnerFailure is not null && current.ErrorType != typeof(PermanentExportException).FullName && current.ErrorType != typeof(TransientStorageException).FullName)
        {
            current = current.InnerFailure;
        }

        return current.ErrorMessage;
    }
}
