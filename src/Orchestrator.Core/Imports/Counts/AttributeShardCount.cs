namespace Orchestrator.Imports.Counts;

/// <summary>What one shard's count found: its users and the attributes they hold (the counts themselves are in the store).</summary>
public sealed record AttributeShardCount(long Users, IReadOnlyList<string> Attributes);
