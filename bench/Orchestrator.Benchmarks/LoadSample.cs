namespace Orchestrator.Benchmarks;

/// <summary>
/// One run of the load part. <see cref="Seconds"/>: from sending its POST to its completion; <see cref="AcceptedSeconds"/>:
/// how long the POST took; <see cref="CompletedAtSeconds"/>: when it completed, counted from the first POST of the batch.
/// Bytes and rows are what the run reported (stored bytes and rows for an export; bytes read and rows imported for an import).
/// </summary>
internal sealed record LoadSample(
    string Kind, LoadTarget Target, string RunId, string Status, string? Error, double Seconds, double AcceptedSeconds, double CompletedAtSeconds, long Bytes, long Rows, string? ObjectKey)
{
    public bool Completed => this.Status == "Completed";
}
