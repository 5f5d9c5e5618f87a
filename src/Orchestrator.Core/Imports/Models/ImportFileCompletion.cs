using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of the step that records an imported file in the ledger.</summary>
public sealed record ImportFileCompletion(ImportRequest Request, ImportFile File, string RunId, long Rows, long Rejected, DateTimeOffset ImportedAt) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
