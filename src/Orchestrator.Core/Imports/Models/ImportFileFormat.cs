namespace Orchestrator.Imports.Models;

/// <summary>File formats the import reads, from the object key's extension.</summary>
public enum ImportFileFormat
{
    Unsupported = 0,
    Csv = 1,
    JsonLines = 2,
}
