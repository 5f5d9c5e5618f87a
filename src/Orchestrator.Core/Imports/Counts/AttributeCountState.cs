namespace Orchestrator.Imports.Counts;

/// <summary>
/// Where a tenant's counts stand: <paramref name="Dirty"/> is raised by every change of the tenant's attributes (an
/// import that stored rows, a recount request), <paramref name="Counted"/> is the generation the served snapshot covers;
/// the snapshot is stale while <c>Dirty &gt; Counted</c>, since <paramref name="DirtySince"/>.
/// </summary>
public sealed record AttributeCountState(int Shards, long Dirty, long Counted, DateTime? DirtySince)
{
    public bool Stale => this.Dirty > this.Counted;
}
