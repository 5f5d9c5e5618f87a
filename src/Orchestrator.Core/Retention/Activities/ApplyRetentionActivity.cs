using Microsoft.DurableTask;
using Orchestrator.Retention.Models;

namespace Orchestrator.Retention.Activities;

/// <summary>The export's last S3 step when the destination has <c>retentionDays</c>: delete our own expired, unchanged objects.</summary>
public sealed class ApplyRetentionActivity(RetentionService retention) : TaskActivity<RetentionInput, RetentionOutcome>
{
    public override Task<RetentionOutcome> RunAsync(TaskActivityContext context, RetentionInput input) =>
        retention.ApplyAsync(input.Destination, input.Now, CancellationToken.None);
}
