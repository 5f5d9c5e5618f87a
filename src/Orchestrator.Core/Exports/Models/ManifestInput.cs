using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the manifest step.</summary>
public sealed record ManifestInput(ExportRequest Request, Destination Destination, ExportPlan Plan, CompletedObject Published, string RunId, DateTimeOffset GeneratedAt) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
