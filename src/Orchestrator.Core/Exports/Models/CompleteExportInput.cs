using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the completion step: the plan and every part's result, in part order.</summary>
public sealed record CompleteExportInput(ExportRequest Request, Destination Destination, ExportPlan Plan, IReadOnlyList<PartResult> Parts) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
