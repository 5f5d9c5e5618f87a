namespace Orchestrator.Imports.Models;

/// <summary>An object found under the import prefix.</summary>
public sealed record ImportFile(string Key, string ETag, long Size);
