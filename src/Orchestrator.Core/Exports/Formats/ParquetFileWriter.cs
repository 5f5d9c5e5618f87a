using Orchestrator.Exports.Schemas;
using Parquet;
using Parquet.Schema;

namespace Orchestrator.Exports.Formats;

/// <summary>
/// One complete Parquet file: every column optional (nullable), strings as UTF-8 BYTE_ARRAY, integers INT64, doubles
/// DOUBLE, decimals DECIMAL(p,s) on INT64, booleans BOOLEAN, dates DATE, timestamps INT64 TIMESTAMP(MICROS, UTC).
/// Rows are buffered one row group at a time (<see cref="RowGroupRows"/>), so memory is bounded by a row group,
/// not by the file; Parquet.Net writes min/max/null-count statistics per column chunk.
/// </summary>
public sealed class ParquetFileWriter : IExportFileWriter
{
    /// <summary>
    /// Rows per row group: about 4-8 MB of encoded data for the sessions report, near DuckDB's default (122,880 rows).
    /// The buffered values of a row group are most of a writer's memory (262,144 rows held about 350 MiB per writer).
    /// </summary>
    public const int RowGroupRows = 128 * 1024;

    private readonly Stream output;
    private readonly ExportSchema schema;
    private readonly InvalidValueCounter values;
    private readonly ParquetCodec codec;
    private readonly int rowGroupRows;
    private readonly DataField[] fields;
    private readonly Array[] buffers;
    private ParquetWriter? writer;
    private int buffered;
    private bool completed;

    public ParquetFileWriter(Stream output, ExportSchema schema, InvalidValueCounter values, ParquetCodec codec, int rowGroupRows = RowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        this.output = output;
        this.schema = schema;
        this.values = values;
        this.codec = codec;
        this.rowGroupRows = rowGroupRows;
        this.fields = schema.Columns.Select(c => Field(c.Column)).ToArray();
        this.buffers = schema.Columns.Select(c => Buffer(c.Column.Type, rowGroupRows)).ToArray();
    }

    public long Rows { get; private set; }

    public static DataField Field(SchemaColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Type switch
        {
            ColumnType.String => new DataField<string>(column.Name, true),
            ColumnType.Integer => new DataField<long?>(column.Name),
            ColumnType.Double => new DataField<double?>(column.Name),
            ColumnType.Decimal => new DecimalDataField(column.Name, column.Precision, column.Scale, forceByteArrayEncoding: false, isNullable: true),
            ColumnType.Boolean => new DataField<bool?>(column.Name),
            ColumnType.Date => new DataField<DateOnly?>(column.Name),
            ColumnType.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    public async ValueTask WriteRowAsync(IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        for (int i = 0; i < this.buffers.Length; i++)
        {
            object? value = this.values.Parse(fields, i);
            switch (this.buffers[i])
            {
                case string?[] strings:
                    strings[this.buffered] = (string?)value;
                    break;
                case long?[] integers:
                    integers[this.buffered] = (long?)value;
                    break;
                case double?[] reals:
                    reals[this.buffered] = (double?)value;
                    break;
                case decimal?[] exacts:
                    exacts[this.buffered] = (decimal?)value;
                    break;
                case bool?[] flags:
                    flags[this.buffered] = (bool?)value;
                    break;
                case DateOnly?[] days:
                    days[this.buffered] = (DateOnly?)value;
                    break;
                case DateTime?[] instants:
                    instants[this.buffered] = (DateTime?)value;
                    break;
            }
        }

        this.buffered++;
        this.Rows++;
        if (this.buffered == this.rowGroupRows)
        {
            await this.FlushRowGroupAsync(cancellationToken);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (this.completed)
        {
            return;
        }

        this.completed = true;
        if (this.buffered > 0 || this.writer is null)
        {
            await this.FlushRowGroupAsync(cancellationToken); // an empty report still gets a valid file with its schema
        }

        await this.writer!.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (this.writer is not null)
        {
            await this.writer.DisposeAsync();
        }
    }

    private static Array Buffer(ColumnType type, int rows) => type switch
    {
        ColumnType.String => new string?[rows],
        ColumnType.Integer => new long?[rows],
        ColumnType.Double => new double?[rows],
        ColumnType.Decimal => new decimal?[rows],
        ColumnType.Boolean => new bool?[rows],
        ColumnType.Date => new DateOnly?[rows],
        ColumnType.Timestamp => new DateTime?[rows],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        this.writer ??= await ParquetWriter.CreateAsync(
            new ParquetSchema(this.fields),
            this.output,
            new ParquetOptions { CompressionMethod = ToMethod(this.codec) },
            append: false,
            cancellationToken);
        using (var group = this.writer.CreateRowGroup())
        {
            int n = this.buffered;
            for (int i = 0; i < this.fields.Length; i++)
            {
                var field = this.fields[i];
                switch (this.buffers[i])
                {
                    case string?[] strings:
                        await group.WriteAsync(field, new ArraySegment<string>(strings!, 0, n));
                        break;
                    case long?[] integers:
                        await group.WriteAsync<long>(field, integers.AsMemory(0, n), null, null, cancellationToken);
                        break;
                    case double?[] reals:
                        await group.WriteAsync<double>(field, reals.AsMemory(0, n), null, null, cancellationToken);
                        break;
                    case decimal?[] exacts:
                        await group.WriteAsync<decimal>(field, exacts.AsMemory(0, n), null, null, cancellationToken);
                        break;
                    case bool?[] flags:
                        await group.WriteAsync<bool>(field, flags.AsMemory(0, n), null, null, cancellationToken);
                        break;
                    case DateOnly?[] days:
                        await group.WriteAsync<DateOnly>(field, days.AsMemory(0, n), null, null, cancellationToken);
                        break;
                    case DateTime?[] instants:
                        await group.WriteAsync<DateTime>(field, instants.AsMemory(0, n), null, null, cancellationToken);
                        break;
                }
            }

            group.CompleteValidate();
        }

        this.buffered = 0;
    }

    private static CompressionMethod ToMethod(ParquetCodec codec) => codec switch
    {
        ParquetCodec.Snappy => CompressionMethod.Snappy,
        ParquetCodec.Zstd => CompressionMethod.Zstd,
        ParquetCodec.Gzip => CompressionMethod.Gzip,
        _ => CompressionMethod.None,
    };
}
