namespace Orchestrator.Imports.Counts;

/// <summary>
/// An event to the tenant's <see cref="AttributeCountOrchestrator"/>: an import run <see cref="Started"/> (wait for it),
/// <see cref="Ended"/> (its rows are marked dirty: count them), or a <see cref="Recount"/> was requested.
/// </summary>
public sealed record AttributeCountSignal(string Kind, string? RunId)
{
    public const string EventName = "counts";

    public const string Started = "started";

    public const string Ended = "ended";

    public const string Recount = "recount";
}
