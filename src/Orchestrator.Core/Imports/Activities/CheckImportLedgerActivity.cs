using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Imports.Ledger;
using Orchestrator.Imports.Models;

namespace Orchestrator.Imports.Activities;

/// <summary>Whether the file was already imported with this very ETag (then it is skipped unless forced).</summary>
public sealed class CheckImportLedgerActivity(IImportLedger ledger) : TaskActivity<ImportFileInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ImportFileInput input)
    {
        try
        {
            var entry = await ledger.GetAsync(input.Request.TenantId, input.Request.DestinationId, input.File.Key, CancellationToken.None);
            return entry is not null && entry.ETag == input.File.ETag;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading the import ledger failed temporarily: {ex.Message}", ex);
        }
    }
}
