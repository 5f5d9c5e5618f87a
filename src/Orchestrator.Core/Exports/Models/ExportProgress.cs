namespace Orchestrator.Exports.Models;

/// <summary>Custom status of a running export, polled by operators.</summary>
public sealed record ExportProgress(string Phase, int PartsDone, int PartsTotal, long BytesDone, long BytesTotal)
{
    public double Percent => this.BytesTotal <= 0 ? (this.Phase == ExportPhases.Completed ? 100 : 0) : Math.Round(100.0 * this.BytesDone / this.BytesTotal, 1);
}
