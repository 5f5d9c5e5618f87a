namespace Orchestrator.Imports.Models;

/// <summary>
/// One page of the listing (ListObjectsV2, up to <c>Import:FilesPerGeneration</c> keys): its files, and the last key
/// it covered when more follow (the next page starts after it), else null.
/// </summary>
public sealed record ImportFilePage(IReadOnlyList<ImportFile> Files, string? NextStartAfter);
