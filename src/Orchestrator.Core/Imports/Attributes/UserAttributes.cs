namespace Orchestrator.Imports.Attributes;

/// <summary>One row of an attribute file: a user and the typed values to merge into their attributes, or (<paramref name="Delete"/>) a user to remove.</summary>
public sealed record UserAttributes(string UserId, IReadOnlyDictionary<string, object> Values, bool Delete = false);
