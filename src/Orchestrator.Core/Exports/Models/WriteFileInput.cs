using Orchestrator.Domain;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Schemas;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Which file of a typed export to produce: a record-aligned source range and its key, never the bytes.</summary>
public sealed record WriteFileInput(
    ExportRequest Request,
    Destination Destination,
    string Bucket,
    string Key,
    int PartNumber,
    long SourceOffset,
    long SourceLength,
    ExportFormat Format,
    ParquetCodec Codec,
    ExportSchema Schema) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
