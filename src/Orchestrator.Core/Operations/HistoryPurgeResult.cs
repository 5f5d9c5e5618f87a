namespace Orchestrator.Operations;

/// <summary>Result of a history purge: instances removed, batches used, and the cut-off (created before it).</summary>
public sealed record HistoryPurgeResult(int Purged, int Batches, DateTimeOffset CutOff);
