using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>One entry of <see cref="NightlyOptions.Exports"/>: which report goes to which destination of which tenant.</summary>
public sealed class NightlyExport
{
    [Required]
    public string Tenant { get; set; } = string.Empty;

    [Required]
    public string DestinationId { get; set; } = string.Empty;

    [Required]
    public string Report { get; set; } = string.Empty;
}
