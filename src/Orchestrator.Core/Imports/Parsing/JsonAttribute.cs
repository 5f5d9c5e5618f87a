namespace Orchestrator.Imports.Parsing;

/// <summary>
/// One attribute of a JSON Lines record. <paramref name="Value"/> is the unescaped string, the number exactly as
/// written in the file ("1.50", "1e3"), or "true"/"false".
/// </summary>
public sealed record JsonAttribute(string Name, string Value, JsonAttributeKind Kind);
