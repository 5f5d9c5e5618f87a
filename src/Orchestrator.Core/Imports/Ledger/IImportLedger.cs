namespace Orchestrator.Imports.Ledger;

/// <summary>Files already imported, per tenant and destination, so unchanged files are skipped.</summary>
public interface IImportLedger
{
    Task<ImportLedgerEntry?> GetAsync(string tenantId, string destinationId, string key, CancellationToken cancellationToken);

    Task RecordAsync(string tenantId, string destinationId, ImportLedgerEntry entry, CancellationToken cancellationToken);
}
