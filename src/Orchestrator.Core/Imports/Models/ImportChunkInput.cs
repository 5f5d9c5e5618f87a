using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>
/// One chunk of one file: start at a record boundary (uncompressed offset and line), read about the chunk budget,
/// stop at the next record boundary. Columns come from the first chunk's header (null for the first chunk).
/// </summary>
public sealed record ImportChunkInput(ImportRequest Request, Destination Destination, ImportFile File, long StartOffset, long StartLine, IReadOnlyList<string>? Columns) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
