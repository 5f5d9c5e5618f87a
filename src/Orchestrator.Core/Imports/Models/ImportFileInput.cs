using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>A file of a run (ledger check and completion steps).</summary>
public sealed record ImportFileInput(ImportRequest Request, ImportFile File) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
