using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>One nominal source range of a typed export, scanned for its quote parity and first line feeds.</summary>
public sealed record ScanRangeInput(ExportRequest Request, string Bucket, long Offset, long Length) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
