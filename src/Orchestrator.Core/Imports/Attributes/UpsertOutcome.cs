namespace Orchestrator.Imports.Attributes;

/// <summary>What one <see cref="IAttributeStore.UpsertAsync"/> call did.</summary>
/// <param name="Failures">The rows that could not be stored, with the reason.</param>
/// <param name="Inserted">
/// Users the call created (they had no row before it, or only the row an earlier attempt of this very call wrote);
/// every other stored row updated an existing user.
/// </param>
public sealed record UpsertOutcome(IReadOnlyList<(UserAttributes Row, string Reason)> Failures, long Inserted);
