using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Imports.Checkpoints;
using Orchestrator.Imports.Ledger;
using Orchestrator.Imports.Models;

namespace Orchestrator.Imports.Activities;

/// <summary>Records a fully imported file (key and ETag) in the ledger, after its last chunk, and drops its checkpoint.</summary>
public sealed class CompleteImportFileActivity(IImportLedger ledger, IImportCheckpointStore checkpoints) : TaskActivity<ImportFileCompletion, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ImportFileCompletion input)
    {
        try
        {
            await ledger.RecordAsync(
                input.Request.TenantId,
                input.Request.DestinationId,
                new ImportLedgerEntry(input.File.Key, input.File.ETag, input.RunId, input.Rows, input.Rejected, input.ImportedAt),
                CancellationToken.None);

            // The file is done: a streamed file's checkpoint is of no more use (a forced rerun starts a new attempt).
            await checkpoints.DeleteAsync(input.RunId, input.File.Key, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Writing the import ledger failed temporarily: {ex.Message}", ex);
        }
    }
}
