using Microsoft.DurableTask.Client;

namespace Orchestrator.Operations;

/// <summary>Result of <see cref="RunOperations.CancelAsync"/>; <see cref="Cleanup"/> is null for runs that upload nothing.</summary>
public sealed record CancelOutcome(CancelStatus Status, OrchestrationMetadata? Metadata, UploadCleanup? Cleanup, string? CleanupError);
