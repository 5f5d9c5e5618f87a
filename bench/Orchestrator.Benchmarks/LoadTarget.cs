namespace Orchestrator.Benchmarks;

/// <summary>
/// One destination of the load part (own bucket, own tenant partition range of users) and which runs it gets: an
/// export of the synthetic report, an import of its attribute file (users <see cref="FirstUserRow"/> onwards), or both.
/// </summary>
internal sealed record LoadTarget(string Tenant, string DestinationId, string Bucket, string BucketPath, bool Export, bool Import, int FirstUserRow);
