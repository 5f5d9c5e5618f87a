using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// One attribute of a JSON Lines record. <paramref name="Value"/> is the unescaped string, the number exactly as
/// written in the file ("1.50", "1e3"), or "true"/"false".
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A user attribute, not a .NET attribute.")]
public sealed record JsonAttribute(string Name, string Value, JsonAttributeKind Kind);
