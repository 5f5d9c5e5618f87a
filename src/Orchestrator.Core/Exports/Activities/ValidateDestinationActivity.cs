using Microsoft.DurableTask;
using Orchestrator.Destinations;
using Orchestrator.Exports.Models;

namespace Orchestrator.Exports.Activities;

/// <summary>Step 1: load the destination and check bucket, region, bucket path and auth fields.</summary>
public sealed class ValidateDestinationActivity(DestinationResolver destinations) : TaskActivity<ExportRequest, DestinationSummary>
{
    public override async Task<DestinationSummary> RunAsync(TaskActivityContext context, ExportRequest input)
    {
        var d = await destinations.ResolveAsync(input.TenantId, input.DestinationId, CancellationToken.None);
        return new DestinationSummary(d.Bucket, d.Region, d.BucketPath, d.AuthMethod);
    }
}
