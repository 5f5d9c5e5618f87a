using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Which part to produce and upload: a part number and a source range, never the bytes.</summary>
public sealed record UploadPartInput(
    ExportRequest Request,
    Destination Destination,
    string Bucket,
    string ObjectKey,
    string UploadId,
    int PartNumber,
    long SourceOffset,
    long SourceLength,
    ExportCompression Compression,
    bool IsLastPart,
    bool SendContentMd5 = false) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
