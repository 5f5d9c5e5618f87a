using Orchestrator.Domain;
using Orchestrator.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Models;

/// <summary>What a run needs to learn from earlier runs: the same day's previous record (read before this run replaced it).</summary>
public sealed record PreviousExportInput(ExportRequest Request, Destination Destination, RunRecord? SameDay) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
