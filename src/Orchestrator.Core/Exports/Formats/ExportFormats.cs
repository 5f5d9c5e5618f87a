namespace Orchestrator.Exports.Formats;

/// <summary>Wire names, object-key extensions and content types of the <see cref="ExportFormat"/>s.</summary>
public static class ExportFormats
{
    public const string Rule = "must be one of csv, csv.gz, jsonl.gz, parquet";

    public static string Name(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.CsvGzip => "csv.gz",
        ExportFormat.JsonLinesGzip => "jsonl.gz",
        ExportFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The object-key extension, without the leading dot (the wire name).</summary>
    public static string Extension(ExportFormat format) => Name(format);

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Parquet => "application/vnd.apache.parquet",
        _ => "application/gzip",
    };

    /// <summary>The compression the manifest names: <c>none</c>, <c>gzip</c>, or the Parquet codec.</summary>
    public static string Compression(ExportFormat format, ParquetCodec codec) => format switch
    {
        ExportFormat.Csv => "none",
        ExportFormat.Parquet => codec.ToString().ToLowerInvariant(),
        _ => "gzip",
    };

    /// <summary>Parses a wire name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out ExportFormat format)
    {
        foreach (var candidate in Enum.GetValues<ExportFormat>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }

    public const string CodecRule = "must be one of snappy, zstd, gzip, none";

    public static string CodecName(ParquetCodec codec) => codec.ToString().ToLowerInvariant();

    /// <summary>Parses a Parquet codec name (case-insensitive); false for anything else.</summary>
    public static bool TryParseCodec(string? text, out ParquetCodec codec)
    {
        foreach (var candidate in Enum.GetValues<ParquetCodec>())
        {
            if (string.Equals(text, CodecName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                codec = candidate;
                return true;
            }
        }

        codec = default;
        return false;
    }

    /// <summary>Whether rows are re-encoded with the typed schema (one complete file per part) rather than copied as CSV bytes.</summary>
    public static bool IsTyped(ExportFormat format) => format is ExportFormat.Parquet or ExportFormat.JsonLinesGzip;
}
