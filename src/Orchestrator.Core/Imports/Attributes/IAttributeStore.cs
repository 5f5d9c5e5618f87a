namespace Orchestrator.Imports.Attributes;

/// <summary>The attribute store: per tenant, per user, merged (attributes not in a file are kept).</summary>
public interface IAttributeStore
{
    /// <summary>Merges the rows in batch transactions; returns the rows that could not be stored, with the reason.</summary>
    Task<IReadOnlyList<(UserAttributes Row, string Reason)>> UpsertAsync(string tenantId, IReadOnlyList<UserAttributes> rows, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, object>?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>How many users have <paramref name="attribute"/> equal to each value (the basis for segments).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByValueAsync(string tenantId, string attribute, CancellationToken cancellationToken);
}
