using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// Reads JSON Lines (UTF-8, one flat JSON object per LF- or CRLF-terminated line) from a stream that starts at a line
/// boundary of a file, one record per <see cref="ReadAsync"/>, with its line and the offset just after it so that a
/// later reader can resume there. Values must be strings, numbers, booleans or null (null attributes are left out);
/// anything else, invalid JSON or invalid UTF-8 comes back as a rejection and reading goes on with the next line.
/// Blank lines are skipped; a UTF-8 BOM at absolute offset 0 is skipped. Memory is bounded by
/// <see cref="JsonLinesReaderOptions.MaxRecordBytes"/>. The reader does not own (or dispose) the stream.
/// </summary>
public sealed class JsonLinesRecordReader : IDisposable
{
    private readonly RecordBuffer buffer;
    private readonly long maxSkipBytes;
    private readonly int maxNames;
    private long line;
    private int scan;
    private bool skipping;
    private long skipFrom;
    private bool disposed;

    public JsonLinesRecordReader(Stream stream, long startOffset, long startLine, JsonLinesReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(startLine, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordBytes, 4, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNames, 1, nameof(options));
        this.buffer = new RecordBuffer(stream, startOffset, options.MaxRecordBytes);
        this.maxSkipBytes = options.MaxSkipBytes;
        this.maxNames = options.MaxNames;
        this.line = startLine;
    }

    /// <summary>Absolute offset where the next line starts.</summary>
    public long Offset => this.buffer.Offset;

    /// <summary>The line at <see cref="Offset"/>.</summary>
    public long Line => this.line;

    /// <summary>The next record, or null at end of stream.</summary>
    public ValueTask<JsonLinesReadResult?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        return this.TryRead(out var result) ? ValueTask.FromResult(result) : this.ReadSlowAsync(cancellationToken);
    }

    public void Dispose()
    {
        this.disposed = true;
        this.buffer.Dispose();
    }

    /// <summary>Parses one line (without its LF); returns the rejection, or null with the attributes.</summary>
    internal static string? Parse(ReadOnlySpan<byte> line, out List<JsonAttribute>? attributes) => Parse(line, int.MaxValue, out attributes);

    /// <summary>Parses one line (without its LF), refusing more than <paramref name="maxNames"/> names; returns the rejection, or null with the attributes.</summary>
    internal static string? Parse(ReadOnlySpan<byte> line, int maxNames, out List<JsonAttribute>? attributes)
    {
        attributes = null;
        if (!Utf8.IsValid(line))
        {
            return RejectionReasons.InvalidUtf8;
        }

        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return RejectionReasons.NotAnObject;
            }

            var list = new List<JsonAttribute>();
            var seen = new NameSet();
            int names = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (++names > maxNames)
                {
                    return RejectionReasons.TooManyColumns(maxNames);
                }

                string name = reader.GetString()!;
                if (!seen.Add(name))
                {
                    return RejectionReasons.DuplicateAttribute(name);
                }

                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        list.Add(new JsonAttribute(name, reader.GetString()!, JsonAttributeKind.String));
                        break;
                    case JsonTokenType.Number:
                        list.Add(new JsonAttribute(name, Encoding.UTF8.GetString(reader.ValueSpan), JsonAttributeKind.Number));
                        break;
                    case JsonTokenType.True:
                        list.Add(new JsonAttribute(name, "true", JsonAttributeKind.Boolean));
                        break;
                    case JsonTokenType.False:
                        list.Add(new JsonAttribute(name, "false", JsonAttributeKind.Boolean));
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        return RejectionReasons.NestedValue(name);
                }
            }

            // The object is closed (the reader throws otherwise); anything after it but whitespace is invalid.
            if (reader.Read())
            {
                return RejectionReasons.InvalidJson;
            }

            attributes = list;
            return null;
        }
        catch (JsonException)
        {
            return RejectionReasons.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON text but no valid string.
            return RejectionReasons.InvalidJson;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private async ValueTask<JsonLinesReadResult?> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await this.buffer.FillAsync(cancellationToken);
            if (this.TryRead(out var result))
            {
                return result;
            }
        }
    }

    private bool TryRead(out JsonLinesReadResult? result)
    {
        while (true)
        {
            if (!this.buffer.TrySkipBom())
            {
                result = null;
                return false;
            }

            var data = this.buffer.Buffered;
            int lf = data[this.scan..].IndexOf((byte)'\n');
            int length;
            if (lf >= 0)
            {
                length = this.scan + lf + 1;
            }
            else if (this.skipping || data.Length >= this.buffer.MaxRecordBytes)
            {
                // Too long: drop what is buffered and look for the LF that ends the line in what comes next.
                if (!this.skipping)
                {
                    this.skipFrom = this.buffer.Offset;
                }

                this.skipping = true;
                this.scan = 0;
                this.buffer.Consume(data.Length);
                RecordSkip.Check(this.skipFrom, this.buffer.Offset, this.maxSkipBytes, this.line);
                if (!this.buffer.IsEndOfStream)
                {
                    result = null;
                    return false;
                }

                length = 0;
            }
            else if (!this.buffer.IsEndOfStream)
            {
                this.scan = data.Length;
                result = null;
                return false;
            }
            else if (data.Length == 0)
            {
                result = null;
                return true;
            }
            else
            {
                length = data.Length;
            }

            bool terminated = lf >= 0;
            var record = data[..length];
            var content = terminated ? record[..^1] : record;
            long recordLine = this.line;
            this.scan = 0;
            this.buffer.Consume(length);
            this.line += terminated ? 1 : 0;
            if (this.skipping)
            {
                this.skipping = false;
                result = new JsonLinesReadResult(recordLine, this.buffer.Offset, this.line, null, RejectionReasons.RecordTooLarge);
                return true;
            }

            if (IsBlank(content))
            {
                continue;
            }

            string? rejection = Parse(content, this.maxNames, out var attributes);
            result = new JsonLinesReadResult(recordLine, this.buffer.Offset, this.line, attributes, rejection);
            return true;
        }
    }
}
