using Orchestrator.Exports.Schemas;
using Orchestrator.Imports.Parsing;
using Orchestrator.Runs;

namespace Orchestrator.Exports.Formats;

/// <summary>
/// Turns a record-aligned range of a report's CSV into one complete file of a lake format (one file per part: see
/// docs/exports-lake.md). A record that does not parse as CSV, or has another number of fields than the header,
/// fails the part permanently: a row is never dropped silently.
/// </summary>
public static class ExportFileProducer
{
    /// <summary>What one produced file holds.</summary>
    public sealed record Produced(long Rows, IReadOnlyDictionary<string, long> InvalidValues);

    /// <summary>
    /// Reads <paramref name="source"/> (starting at <paramref name="sourceOffset"/> of the report, a record boundary;
    /// offset 0 starts with the header, which is skipped) and writes <paramref name="format"/> to <paramref name="output"/>.
    /// </summary>
    public static async Task<Produced> ProduceAsync(
        Stream source, long sourceOffset, Stream output, ExportFormat format, ParquetCodec codec, ExportSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var values = new InvalidValueCounter(schema);
        IExportFileWriter writer = format switch
        {
            ExportFormat.Parquet => new ParquetFileWriter(output, schema, values, codec),
            ExportFormat.JsonLinesGzip => new JsonLinesFileWriter(output, schema, values),
            _ => throw new ArgumentOutOfRangeException(nameof(format), "CSV formats keep the source bytes; they are not re-encoded."),
        };

        await using (writer)
        {
            using var reader = new CsvRecordReader(source, sourceOffset, 1, new CsvReaderOptions { ExpectedColumns = schema.Columns.Count });
            bool header = sourceOffset == 0;
            long record = 0;
            while (await reader.ReadAsync(cancellationToken) is { } read)
            {
                record++;
                if (read.IsRejected)
                {
                    throw new PermanentRunException(
                        $"The report's record at byte {read.EndOffset} (record {record} of this part) cannot be exported: {read.Rejection}.");
                }

                if (header)
                {
                    header = false;
                    continue;
                }

                await writer.WriteRowAsync(read.Fields, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
            return new Produced(writer.Rows, values.Counts);
        }
    }
}
