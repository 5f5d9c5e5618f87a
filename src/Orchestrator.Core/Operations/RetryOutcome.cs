using Microsoft.DurableTask.Client;

namespace Orchestrator.Operations;

/// <summary>
/// Result of <see cref="RunOperations.RetryAsync"/>: the instance as it is now, and the state that decided (the
/// runtime status of the instance, or the record's status once the durable history is gone).
/// </summary>
public sealed record RetryOutcome(RetryStatus Status, OrchestrationMetadata? Metadata, string? State = null);
