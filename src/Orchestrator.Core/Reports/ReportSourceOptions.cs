using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportSourceOptions
{
    public const string SectionName = "Reports";

    public ReportSourceKind Source { get; set; } = ReportSourceKind.Synthetic;

    /// <summary>Data rows of every synthetic report.</summary>
    [Range(0, 10_000_000_000)]
    public long SyntheticRows { get; set; } = 100_000;

    /// <summary>Folder of the <see cref="ReportSourceKind.LocalFile"/> source.</summary>
    public string? Directory { get; set; }

    /// <summary>Blob container of the <see cref="ReportSourceKind.Blob"/> source.</summary>
    public string BlobContainer { get; set; } = "reports";

    /// <summary>Connection string for the blob source (local); falls back to <c>Storage:ConnectionString</c>.</summary>
    public string? BlobConnectionString { get; set; }

    /// <summary>Blob endpoint used with the token credential (managed identity) when no connection string is set.</summary>
    public Uri? BlobServiceUri { get; set; }
}
