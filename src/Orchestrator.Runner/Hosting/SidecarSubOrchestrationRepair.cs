using DurableTask.Core;
using DurableTask.Core.History;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// The one place that works around two bugs of the local runner's gRPC sidecar,
/// <c>Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1</c> (its <c>TaskHubGrpcServer</c> dispatcher), that break
/// sub-orchestrations on the Azure Storage backend (<c>Microsoft.Azure.DurableTask.AzureStorage 2.11.2</c>,
/// <c>Microsoft.Azure.DurableTask.Core 3.11.2</c>). Called by <see cref="TunedOrchestrationService"/> whenever an
/// orchestration work item completes, before the backend stores anything:
/// <list type="number">
/// <item>The <see cref="ExecutionStartedEvent"/> sent to a new sub-orchestration carries the parent's protobuf
/// <c>Google.Protobuf.Collections.MapField</c> as its <c>Tags</c>; the backend serialises it with its type name and
/// cannot read it back ("Error resolving type specified in JSON 'Google.Protobuf.Collections.MapField…'"). The tags
/// are copied into a plain dictionary.</item>
/// <item>The parent's history gets a <c>GrpcSubOrchestrationInstanceCreatedEvent</c>, a subclass without
/// <c>[DataContract]</c>, which the backend stores as an empty row ("The TableEntity did not contain a 'EventType'
/// property"). It is replaced by the plain <see cref="SubOrchestrationInstanceCreatedEvent"/> with the same fields
/// (only the trace context kept for the sidecar's own spans is dropped; the child still gets it).</item>
/// </list>
/// Both rewrites are harmless on the in-memory backend, so they run on both and the same path is tested on both.
/// Remove this class once a sidecar release fixes them (check by running the nightly tests on the AzureStorage backend
/// without it). Durable Functions in Azure does not use this sidecar and is not affected.
/// </summary>
internal static class SidecarSubOrchestrationRepair
{
    public static void Apply(OrchestrationRuntimeState? state, IList<TaskMessage>? orchestratorMessages)
    {
        // Only this work item's new events can hold the sidecar's subclass: older ones were repaired when they were new.
        var newEvents = state?.NewEvents ?? [];
        for (int i = 0; i < newEvents.Count; i++)
        {
            if (newEvents[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                var copy = Copy(created);
                newEvents[i] = copy;
                int index = state!.Events.IndexOf(created);
                if (index >= 0)
                {
                    state.Events[index] = copy;
                }
            }
        }

        foreach (var message in orchestratorMessages ?? [])
        {
            if (message.Event is ExecutionStartedEvent { Tags: { } tags } started && tags.GetType() != typeof(Dictionary<string, string>))
            {
                started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
            }
        }
    }

    private static SubOrchestrationInstanceCreatedEvent Copy(SubOrchestrationInstanceCreatedEvent created) =>
        new(created.EventId)
        {
            Timestamp = created.Timestamp,
            IsPlayed = created.IsPlayed,
            Name = created.Name,
            Version = created.Version,
            InstanceId = created.InstanceId,
            Input = created.Input,
            ClientSpanId = created.ClientSpanId,
            Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags, StringComparer.Ordinal),
        };
}
