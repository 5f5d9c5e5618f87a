namespace Orchestrator.Imports.Models;

/// <summary>One page of the listing (ListObjectsV2), with the token for the next.</summary>
public sealed record ImportFilePage(IReadOnlyList<ImportFile> Files, string? ContinuationToken);
