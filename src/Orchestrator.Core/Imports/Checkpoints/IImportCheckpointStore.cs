namespace Orchestrator.Imports.Checkpoints;

/// <summary>Where a streamed file's progress is kept between committed batches (outside the orchestration history).</summary>
public interface IImportCheckpointStore
{
    /// <summary>The checkpoint of <paramref name="fileKey"/> in run <paramref name="runId"/>, or null.</summary>
    Task<ImportCheckpoint?> GetAsync(string runId, string fileKey, CancellationToken cancellationToken);

    /// <summary>Replaces the checkpoint (a later one always covers an earlier one).</summary>
    Task SaveAsync(string runId, string fileKey, ImportCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Removes the checkpoint once the file is done (imported or failed); nothing to remove is fine.</summary>
    Task DeleteAsync(string runId, string fileKey, CancellationToken cancellationToken);
}
