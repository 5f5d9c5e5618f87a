using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>
/// One chunk of one file: start at a record boundary (uncompressed offset and line), read about the chunk budget,
/// stop at the next record boundary. Columns come from the first chunk's header (null for the first chunk).
/// </summary>
/// <param name="Attempt">The orchestration's attempt at this file (replay-safe): a gzip file is read in one pass by one
/// activity, which checkpoints under this attempt and resumes from its checkpoint when retried.</param>
/// <param name="RunRejectedBefore">Rows the run rejected before this chunk (the stored-rejections cap is per run).</param>
/// <param name="Mark">The run execution's mark, stored on every row it writes (with the source) for the mirror sweep.</param>
public sealed record ImportChunkInput(
    ImportRequest Request,
    Destination Destination,
    ImportFile File,
    long StartOffset,
    long StartLine,
    IReadOnlyList<string>? Columns,
    string? Attempt = null,
    long RunRejectedBefore = 0,
    string? Mark = null) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
