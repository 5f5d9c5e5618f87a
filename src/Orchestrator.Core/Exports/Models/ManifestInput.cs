using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the manifest step.</summary>
/// <param name="Files">The files of a typed export (null for the CSV formats' single object).</param>
/// <param name="Previous">What earlier runs left (for schemaChanges).</param>
public sealed record ManifestInput(
    ExportRequest Request,
    Destination Destination,
    ExportPlan Plan,
    CompletedObject Published,
    string RunId,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<WrittenFile>? Files = null,
    PreviousExport? Previous = null) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
