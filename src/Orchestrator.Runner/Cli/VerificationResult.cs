using Orchestrator.Exports.Models;

namespace Orchestrator.Runner.Cli;

/// <summary>What <see cref="ExportVerifier"/> found.</summary>
/// <param name="ContentMatches">Null when there was no reference to compare with.</param>
internal sealed record VerificationResult(ExportManifest Manifest, long StoredBytes, long UncompressedBytes, long Rows, bool ChecksumMatches, bool? ContentMatches)
{
    public bool IsValid =>
        this.ChecksumMatches
        && this.StoredBytes == this.Manifest.SizeBytes
        && this.UncompressedBytes == this.Manifest.UncompressedBytes
        && this.Rows == this.Manifest.RowCount
        && this.ContentMatches != false;
}
