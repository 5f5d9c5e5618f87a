using Microsoft.DurableTask.Client;

namespace Orchestrator.Runs;

/// <summary>Result of <see cref="RunStarter.StartAsync"/>: the run's id, whether this call started it, and its state.</summary>
public sealed record RunStartOutcome(string InstanceId, bool Started, OrchestrationMetadata? Metadata);
