using Orchestrator.Logging;

namespace Orchestrator.Imports.Models;

/// <summary>A mirror run's sweep: the run's request and the mark its execution wrote on every row it stored.</summary>
/// <param name="Shard">The shard to sweep (planning reads all shards and ignores it).</param>
public sealed record MirrorInput(ImportRequest Request, string Mark, int Shard = 0) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
