namespace Orchestrator.Exports.Models;

/// <summary>How report bytes are encoded in the bucket.</summary>
public enum ExportCompression
{
    /// <summary>Plain CSV (<c>.csv</c>).</summary>
    None = 0,

    /// <summary>Gzip (<c>.csv.gz</c>); each part is its own gzip member, so parts compress in parallel.</summary>
    Gzip = 1,
}
