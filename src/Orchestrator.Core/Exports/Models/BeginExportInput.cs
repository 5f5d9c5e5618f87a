using Orchestrator.Domain;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the step that plans the export and starts its multipart upload, on the run's destination snapshot.</summary>
/// <param name="SameDay">The same report-day's previous successful run record, read before this run replaced it.</param>
public sealed record BeginExportInput(ExportRequest Request, Destination Destination, RunRecord? SameDay = null) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
