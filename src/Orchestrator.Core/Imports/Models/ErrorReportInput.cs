using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>Input of the error-report step.</summary>
/// <param name="RowsRejected">Rows the run rejected in all: the report says how many of them it could not list (Import:MaxStoredRejections).</param>
public sealed record ErrorReportInput(ImportRequest Request, Destination Destination, string RunId, long RowsRejected = 0) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
