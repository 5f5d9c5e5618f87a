namespace Orchestrator.Security;

/// <summary>
/// What a caller may do, ordered: each role includes the ones below it. <see cref="TenantReader"/> and
/// <see cref="TenantAdmin"/> act on their own tenant only; <see cref="Operator"/> acts on every tenant and on the
/// tenant-less routes (nights, purge, any run by id). Every route of <c>ApiRoutes.All</c> declares the one it needs.
/// </summary>
public enum ApiRole
{
    /// <summary>Reads the tenant's destinations, runs and attributes.</summary>
    TenantReader = 1,

    /// <summary>Changes the tenant's destinations (ExternalId rotation too), starts, cancels and retries its runs, backfills.</summary>
    TenantAdmin = 2,

    /// <summary>Cross-tenant: nights, purge, any run by id, and every tenant route.</summary>
    Operator = 3,
}
