namespace Orchestrator.Imports.Models;

/// <summary>A rejected row (or a failed file, line 0) as kept for the run's error report. Never holds field values.</summary>
public sealed record ImportRejection(string Key, long Line, string Reason);
