using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of the error-report step.</summary>
public sealed record ErrorReportInput(ImportRequest Request, Destination Destination, string RunId) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
