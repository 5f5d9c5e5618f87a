using System.Globalization;
using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>A run record as the operations API returns it (list items, and the <c>record</c> of a run's detail).</summary>
public sealed record RunSummaryView(
    string Id,
    string Kind,
    string DestinationId,
    string? Report,
    string? Period,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long Bytes,
    long Rows,
    int Parts,
    string? ObjectKey,
    int FilesSeen,
    int FilesImported,
    int FilesSkipped,
    int FilesFailed,
    long RowsRejected,
    long RowsDeleted,
    long RowsInserted,
    long RowsUpdated,
    string? Error,
    string DetailUri)
{
    public static RunSummaryView From(RunRecord r, string detailUri) => new(
        r.RunId,
        r.Kind,
        r.DestinationId,
        r.Report,
        r.Period?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.Status.ToString(),
        r.StartedAt,
        r.FinishedAt,
        r.Bytes,
        r.Rows,
        r.Parts,
        r.ObjectKey,
        r.FilesSeen,
        r.FilesImported,
        r.FilesSkipped,
        r.FilesFailed,
        r.RowsRejected,
        r.RowsDeleted,
        r.RowsInserted,
        r.RowsUpdated,
        r.Error,
        detailUri);
}
