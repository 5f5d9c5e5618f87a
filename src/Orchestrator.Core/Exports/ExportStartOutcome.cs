using Microsoft.DurableTask.Client;

namespace Orchestrator.Exports;

/// <summary>Result of <see cref="ExportRunStarter.StartAsync"/>: the run's id, whether this call started it, and its state.</summary>
public sealed record ExportStartOutcome(string InstanceId, bool Started, OrchestrationMetadata? Metadata);
