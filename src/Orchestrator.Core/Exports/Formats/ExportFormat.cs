namespace Orchestrator.Exports.Formats;

/// <summary>How an export's files are encoded (wire names: <c>csv</c>, <c>csv.gz</c>, <c>jsonl.gz</c>, <c>parquet</c>).</summary>
public enum ExportFormat
{
    /// <summary>The source CSV as is.</summary>
    Csv = 0,

    /// <summary>The source CSV, gzip-compressed (today's default).</summary>
    CsvGzip = 1,

    /// <summary>One JSON object per row with typed values, gzip-compressed.</summary>
    JsonLinesGzip = 2,

    /// <summary>Apache Parquet with the typed schema, statistics and a compression codec.</summary>
    Parquet = 3,
}
