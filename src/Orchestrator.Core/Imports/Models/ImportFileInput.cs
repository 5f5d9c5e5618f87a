namespace Orchestrator.Imports.Models;

/// <summary>A file of a run (ledger check and completion steps).</summary>
public sealed record ImportFileInput(ImportRequest Request, ImportFile File);
