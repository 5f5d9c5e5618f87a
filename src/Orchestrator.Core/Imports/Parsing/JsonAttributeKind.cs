using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Imports.Parsing;

/// <summary>The JSON type an attribute value had.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names of the JSON types.")]
public enum JsonAttributeKind
{
    String,
    Number,
    Boolean,
}
