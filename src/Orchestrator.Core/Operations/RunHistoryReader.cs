using System.Text.Json;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Orchestrator.Logging;

namespace Orchestrator.Operations;

/// <summary>
/// Reads a run's durable history for its timeline. First through <see cref="DurableTaskClient.GetOrchestrationHistoryAsync"/>
/// (the Functions host's Durable extension serves it); the local runner's in-process gRPC sidecar answers that with
/// no events, so then the backend's own client, when the host registered one (the runner does): the Azure Storage
/// backend returns the history as JSON, the in-memory backend has none.
/// </summary>
public sealed class RunHistoryReader(ILogger<RunHistoryReader> logger, IOrchestrationServiceClient? backend = null)
{
    public async Task<RunTimeline> ReadAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var events = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken);
            if (events.Count > 0)
            {
                return RunTimelineBuilder.Build("history", events.Select(HistoryEntry.From));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HistoryUnavailable(logger, instanceId, "client", ex.Message);
        }

        if (backend is null)
        {
            return RunTimeline.Unavailable;
        }

        try
        {
            string json = await backend.GetOrchestrationHistoryAsync(instanceId, null!);
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return RunTimeline.Unavailable;
            }

            var entries = document.RootElement.EnumerateArray().Select(HistoryEntry.FromJson).OfType<HistoryEntry>().ToList();
            return entries.Count == 0 ? RunTimeline.Unavailable : RunTimelineBuilder.Build("backend", entries);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HistoryUnavailable(logger, instanceId, "backend", ex.Message);
            return RunTimeline.Unavailable;
        }
    }
}
