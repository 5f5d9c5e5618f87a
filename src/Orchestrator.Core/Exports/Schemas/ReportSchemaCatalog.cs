namespace Orchestrator.Exports.Schemas;

/// <summary>
/// The Insights reports we export, with their typed columns (today the sessions report that every report source
/// serves). A report that is not listed exports every column of its header as a string; its manifest says so
/// (<c>schema.declared: false</c>).
/// </summary>
public static class ReportSchemaCatalog
{
    /// <summary>One row per user session of a day (the columns of <see cref="Reports.SyntheticInsightsReport"/>).</summary>
    public static readonly ReportSchema Sessions = new(
        "sessions",
        [
            new("event_date", ColumnType.Date),
            new("user_id", ColumnType.String),
            new("session_id", ColumnType.String),
            new("platform", ColumnType.String),
            new("country", ColumnType.String),
            new("app_version", ColumnType.String),
            new("sessions", ColumnType.Integer),
            new("events", ColumnType.Integer),
            new("screen_views", ColumnType.Integer),
            new("duration_seconds", ColumnType.Integer),
            SchemaColumn.DecimalOf("revenue", 18, 2),
            new("is_new_user", ColumnType.Boolean),
            new("last_seen_utc", ColumnType.Timestamp),
        ]);

    public static IReadOnlyList<ReportSchema> All { get; } = [Sessions];

    /// <summary>The declared schema of <paramref name="report"/>, or null when the catalog does not list it.</summary>
    public static ReportSchema? Find(string report) => All.FirstOrDefault(s => string.Equals(s.Report, report, StringComparison.Ordinal));
}
