using Microsoft.DurableTask.Client;

namespace Orchestrator.Operations;

/// <summary>Result of <see cref="RunOperations.RetryAsync"/>: the instance as it is now.</summary>
public sealed record RetryOutcome(RetryStatus Status, OrchestrationMetadata? Metadata);
