namespace Orchestrator.Imports.Counts;

/// <summary>
/// One attribute's counts as of a snapshot: users per value (the most common values, at most
/// <c>Import:MaxCountedValues</c>), and the users holding any other value, summed. <paramref name="Stale"/>: the tenant's
/// attributes changed after it was counted (since <paramref name="DirtySince"/>); a newer count is pending.
/// </summary>
public sealed record AttributeCountSnapshot(
    string Attribute,
    string CountId,
    DateTime AsOf,
    long Users,
    IReadOnlyDictionary<string, long> Counts,
    long OtherUsers,
    bool Capped,
    bool Stale = false,
    DateTime? DirtySince = null);
