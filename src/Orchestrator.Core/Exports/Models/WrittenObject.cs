namespace Orchestrator.Exports.Models;

/// <summary>An object a run wrote: its key and the ETag S3 gave it (what retention compares before deleting).</summary>
public sealed record WrittenObject(string Key, string ETag);
