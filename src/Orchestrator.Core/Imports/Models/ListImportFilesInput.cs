namespace Orchestrator.Imports.Models;

/// <summary>Input of the listing step.</summary>
public sealed record ListImportFilesInput(ImportRequest Request, string? ContinuationToken);
