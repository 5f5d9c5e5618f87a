using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of <see cref="Orchestrations.ImportOrchestrator"/>: which destination, which prefix, which day's run.</summary>
/// <param name="Prefix">Folder under the destination's bucket path, e.g. <c>attributes/</c>.</param>
/// <param name="RunDate">The day the run belongs to (part of its id: one run per destination, prefix and day).</param>
/// <param name="Force">Re-import files even when the ledger says they were imported with the same ETag.</param>
/// <param name="Mode">Upsert (default), delete the listed users, or mirror (the files are the source's complete list).</param>
/// <param name="Generation">Null when a run starts; the state carried over ContinueAsNew by its later generations.</param>
public sealed record ImportRequest(
    string TenantId, string DestinationId, string Prefix, DateOnly RunDate, bool Force, ImportMode Mode = ImportMode.Upsert, ImportGeneration? Generation = null) : IDestinationScoped;
