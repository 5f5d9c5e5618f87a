using Microsoft.DurableTask;
using Orchestrator.Destinations.Models;
using Orchestrator.Domain;

namespace Orchestrator.Destinations.Activities;

/// <summary>
/// The first step of every run (export, import, connection test): reads the destination's registry row once and
/// checks it (bucket, region, bucket path, auth fields). The row is the run's snapshot: the orchestrator hands it to
/// each later step, so one run never straddles two settings. It holds references only (secret name and version,
/// role ARN, ExternalId), never a secret, so it may live in durable history.
/// </summary>
public sealed class ReadDestinationActivity(DestinationResolver destinations) : TaskActivity<DestinationReference, Destination>
{
    public override async Task<Destination> RunAsync(TaskActivityContext context, DestinationReference input)
    {
        var destination = await destinations.ResolveAsync(input.TenantId, input.DestinationId, CancellationToken.None);
        return destination with { Schedule = null }; // the schedule is the nightly scheduler's business, not the run's
    }
}
