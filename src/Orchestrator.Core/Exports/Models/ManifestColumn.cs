namespace Orchestrator.Exports.Models;

/// <summary>A typed column of a manifest v2 schema (<c>string</c>, <c>integer</c>, <c>decimal(18,2)</c>, …).</summary>
public sealed record ManifestColumn(string Name, string Type);
