using Microsoft.DurableTask;
using Orchestrator.Errors;

namespace Orchestrator.Exports.Orchestrations;

/// <summary>Named retry policies. Only transient causes are retried; permanent failures fail the run at once.</summary>
public static class ExportRetryPolicies
{
    /// <summary>
    /// Up to 8 attempts, backing off 1, 2, 4, 8, 16, 30, 30 s (about 90 s in all): rides out an S3 restart or a
    /// throttling burst, and gives up on outages long enough that an operator should look.
    /// </summary>
    public static readonly RetryPolicy Transient = new(
        maxNumberOfAttempts: 8,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => failure.IsCausedBy<TransientStorageException>(),
    };

    public static TaskOptions TransientOptions { get; } = TaskOptions.FromRetryPolicy(Transient);
}
