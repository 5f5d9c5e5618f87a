namespace Orchestrator.Imports.Parsing;

/// <summary>The JSON type an attribute value had.</summary>
public enum JsonAttributeKind
{
    String,
    Number,
    Boolean,
}
