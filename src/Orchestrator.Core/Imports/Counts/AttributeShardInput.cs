using Orchestrator.Logging;

namespace Orchestrator.Imports.Counts;

/// <summary>One shard of one count: the activity reads the shard and writes its counts under <paramref name="CountId"/>.</summary>
public sealed record AttributeShardInput(string TenantId, string CountId, int Shard) : ITenantScoped;
