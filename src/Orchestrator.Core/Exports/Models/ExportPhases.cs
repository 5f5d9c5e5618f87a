namespace Orchestrator.Exports.Models;

/// <summary>Phase names shown in <see cref="ExportProgress"/>.</summary>
public static class ExportPhases
{
    public const string Validating = "validating";
    public const string Uploading = "uploading";
    public const string Completing = "completing";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
