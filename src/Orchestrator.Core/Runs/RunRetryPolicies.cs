using Microsoft.DurableTask;
using Orchestrator.Errors;

namespace Orchestrator.Runs;

/// <summary>
/// The named retry policy of each kind of run step, in one place. Each is its own policy, so changing how one kind
/// retries leaves the others alone. Every policy retries only <see cref="TransientStorageException"/>; a permanent
/// failure (<see cref="PermanentRunException"/>, or anything unexpected) fails the step at once.
/// </summary>
public static class RunRetryPolicies
{
    /// <summary>
    /// Export steps (validate, begin, each part, complete, manifest, abort): up to 8 attempts, backing off 1, 2, 4, 8,
    /// 16, 30, 30 s (about 90 s in all): rides out an S3 restart or a throttling burst, and gives up on outages long
    /// enough that an operator should look.
    /// </summary>
    public static readonly RetryPolicy ExportSteps = TransientOnly(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), maxRetryInterval: TimeSpan.FromSeconds(30));

    /// <summary>Import steps (listing, ledger, each chunk, file completion, error report): as for exports, about 90 s.</summary>
    public static readonly RetryPolicy ImportSteps = TransientOnly(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), maxRetryInterval: TimeSpan.FromSeconds(30));

    /// <summary>Connection-test checks and the probe's deletion: about 90 s, after which the check is reported unavailable.</summary>
    public static readonly RetryPolicy ValidationChecks = TransientOnly(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), maxRetryInterval: TimeSpan.FromSeconds(30));

    /// <summary>A night's own steps (listing scheduled destinations, finding done runs, storing the summary): about 90 s.</summary>
    public static readonly RetryPolicy NightSteps = TransientOnly(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), maxRetryInterval: TimeSpan.FromSeconds(30));

    /// <summary>Writing a run's record (running, outcome, failure), whatever the run's kind: about 90 s.</summary>
    public static readonly RetryPolicy RunRecords = TransientOnly(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), maxRetryInterval: TimeSpan.FromSeconds(30));

    public static TaskOptions ForExports { get; } = TaskOptions.FromRetryPolicy(ExportSteps);

    public static TaskOptions ForImports { get; } = TaskOptions.FromRetryPolicy(ImportSteps);

    public static TaskOptions ForValidation { get; } = TaskOptions.FromRetryPolicy(ValidationChecks);

    public static TaskOptions ForNights { get; } = TaskOptions.FromRetryPolicy(NightSteps);

    public static TaskOptions ForRunRecords { get; } = TaskOptions.FromRetryPolicy(RunRecords);

    /// <summary>Exponential back-off (doubling) that retries only transient storage failures.</summary>
    private static RetryPolicy TransientOnly(int maxNumberOfAttempts, TimeSpan firstRetryInterval, TimeSpan maxRetryInterval) => new(
        maxNumberOfAttempts,
        firstRetryInterval,
        backoffCoefficient: 2.0,
        maxRetryInterval)
    {
        HandleFailure = failure => failure.IsCausedBy<TransientStorageException>(),
    };
}
