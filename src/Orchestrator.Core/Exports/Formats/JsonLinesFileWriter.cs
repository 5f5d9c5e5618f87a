using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Orchestrator.Exports.Schemas;

namespace Orchestrator.Exports.Formats;

/// <summary>
/// One JSON object per line, gzip-compressed, members in schema order: integers and doubles as JSON numbers,
/// decimals as strings of their exact digits, booleans as true/false, dates as <c>"yyyy-MM-dd"</c>, timestamps as
/// <c>"yyyy-MM-ddTHH:mm:ss.ffffffZ"</c>, nulls as null. A double that is not finite has no JSON form: null, counted.
/// </summary>
public sealed class JsonLinesFileWriter : IExportFileWriter
{
    private readonly ExportSchema schema;
    private readonly InvalidValueCounter values;
    private readonly GZipStream gzip;
    private readonly Utf8JsonWriter json;
    private readonly JsonEncodedText[] names;
    private bool completed;

    public JsonLinesFileWriter(Stream output, ExportSchema schema, InvalidValueCounter values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        this.schema = schema;
        this.values = values;
        this.gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        this.json = new Utf8JsonWriter(this.gzip, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        this.names = schema.Columns.Select(c => JsonEncodedText.Encode(c.Column.Name)).ToArray();
    }

    public long Rows { get; private set; }

    public async ValueTask WriteRowAsync(IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        this.json.WriteStartObject();
        for (int i = 0; i < this.names.Length; i++)
        {
            this.json.WritePropertyName(this.names[i]);
            switch (this.values.Parse(fields, i))
            {
                case null:
                    this.json.WriteNullValue();
                    break;
                case string text:
                    this.json.WriteStringValue(text);
                    break;
                case long integer:
                    this.json.WriteNumberValue(integer);
                    break;
                case double real when double.IsFinite(real):
                    this.json.WriteNumberValue(real);
                    break;
                case double:
                    this.json.WriteNullValue();
                    break;
                case decimal exact:
                    // As a string of its exact digits: JSON readers (DuckDB, Spark) read numbers through double,
                    // which would round a decimal(18,2) above 2^53 cents.
                    this.json.WriteStringValue(exact.ToString(CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    this.json.WriteBooleanValue(flag);
                    break;
                case DateOnly day:
                    this.json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                case DateTime instant:
                    this.json.WriteStringValue(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidOperationException($"No JSON form for column {this.schema.Columns[i].Column.Name}.");
            }
        }

        this.json.WriteEndObject();
        this.json.Flush();
        this.json.Reset();
        this.gzip.WriteByte((byte)'\n');
        this.Rows++;
        if (this.Rows % 4096 == 0)
        {
            await this.gzip.FlushAsync(cancellationToken);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!this.completed)
        {
            this.completed = true;
            await this.json.DisposeAsync();
            await this.gzip.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await this.CompleteAsync(CancellationToken.None);
}
