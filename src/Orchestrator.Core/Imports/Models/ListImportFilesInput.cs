using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of the listing step.</summary>
public sealed record ListImportFilesInput(ImportRequest Request, Destination Destination, string? ContinuationToken) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
