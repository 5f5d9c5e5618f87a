namespace Orchestrator.Options;

/// <summary>Configuration section <c>Nightly</c>: the exports started every night for the previous day (UTC).</summary>
public sealed class NightlyOptions
{
    public const string SectionName = "Nightly";

    /// <summary>One entry per tenant/destination/report; configured as <c>Nightly:Exports:0:Tenant</c> and so on.</summary>
    public List<NightlyExport> Exports { get; set; } = [];

    /// <summary>Destinations whose attribute files are imported every night; <c>Nightly:Imports:0:Tenant</c> and so on.</summary>
    public List<NightlyImport> Imports { get; set; } = [];
}
