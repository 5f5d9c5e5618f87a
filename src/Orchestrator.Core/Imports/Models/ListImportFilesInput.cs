using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of the listing step: the page after <paramref name="StartAfter"/> (null: from the start).</summary>
public sealed record ListImportFilesInput(ImportRequest Request, Destination Destination, string? StartAfter) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
