namespace Orchestrator.Reports;

/// <summary>The report source the service is configured with.</summary>
public enum ReportSourceKind
{
    /// <summary>Deterministic synthetic Insights data (the local default).</summary>
    Synthetic = 0,

    /// <summary>CSV files in a local folder: <c>{Directory}/{report}.csv</c>.</summary>
    LocalFile = 1,

    /// <summary>Reports staged as blobs: <c>{Container}/{tenant}/{report}/{yyyy-MM-dd}.csv</c>.</summary>
    Blob = 2,
}
