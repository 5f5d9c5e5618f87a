using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the completion step: the plan and every part's result, in part order.</summary>
public sealed record CompleteExportInput(ExportRequest Request, ExportPlan Plan, IReadOnlyList<PartResult> Parts) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
