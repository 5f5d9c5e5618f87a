using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Storage</c>: the Table Storage account that holds destinations, run records and night summaries.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Connection string (local/Azurite); in Azure prefer <see cref="TableServiceUri"/> with managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint used with a token credential, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string DestinationsTable { get; set; } = "Destinations";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string RunsTable { get; set; } = "Runs";

    /// <summary>The nights' summaries (one row per night).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string NightsTable { get; set; } = "Nights";

    /// <summary>Every activity execution by run (names and counts only): what a run's timeline counts as executions.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string RunExecutionsTable { get; set; } = "RunExecutions";
}
