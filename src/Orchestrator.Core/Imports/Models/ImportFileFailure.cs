namespace Orchestrator.Imports.Models;

/// <summary>A file of the run that could not be imported, and why (the first few are named in the run's error).</summary>
public sealed record ImportFileFailure(string Key, string Reason);
