namespace Orchestrator.Imports.Models;

/// <summary>
/// What a mirror run would remove: <paramref name="Unseen"/> of the source's <paramref name="Users"/> lack the run's
/// mark. <paramref name="Refusal"/> is set (naming the numbers) when that share is above <c>Import:MirrorMaxDeleteShare</c>.
/// </summary>
public sealed record MirrorPlan(int Shards, long Users, long Unseen, string? Refusal);
