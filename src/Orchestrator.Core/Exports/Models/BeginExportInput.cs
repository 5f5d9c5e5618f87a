using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the step that plans the export and starts its multipart upload, on the run's destination snapshot.</summary>
public sealed record BeginExportInput(ExportRequest Request, Destination Destination) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
