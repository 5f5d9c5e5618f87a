using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>One entry of <see cref="NightlyOptions.Imports"/>: a destination whose attribute files are imported every night.</summary>
public sealed class NightlyImport
{
    [Required]
    public string Tenant { get; set; } = string.Empty;

    [Required]
    public string DestinationId { get; set; } = string.Empty;

    /// <summary>Folder under the destination's bucket path; <c>Import:DefaultPrefix</c> when empty.</summary>
    public string? Prefix { get; set; }
}
