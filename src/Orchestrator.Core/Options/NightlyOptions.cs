using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Nightly</c>: how the nightly scheduler fans out over scheduled destinations.</summary>
public sealed class NightlyOptions
{
    public const string SectionName = "Nightly";

    /// <summary>Runs (exports and imports) in flight at once during a night.</summary>
    [Range(1, 500)]
    public int MaxConcurrentRuns { get; set; } = 20;

    /// <summary>Destinations read per page; the scheduler continues as new after each page to keep its history small.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;
}
