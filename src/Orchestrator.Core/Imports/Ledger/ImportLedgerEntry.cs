namespace Orchestrator.Imports.Ledger;

/// <summary>What the ledger remembers of one imported file: its ETag when it was imported, and the outcome.</summary>
public sealed record ImportLedgerEntry(string Key, string ETag, string RunId, long Rows, long Rejected, DateTimeOffset ImportedAt);
