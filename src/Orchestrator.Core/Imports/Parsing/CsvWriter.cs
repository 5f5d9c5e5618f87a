using System.Buffers;
using System.Text;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// Writes RFC 4180 records in UTF-8 with LF terminators, quoting a field only when it holds ',', '"', CR or LF, or
/// starts with U+FEFF (leading and trailing spaces stay unquoted). A record of one empty field is written as
/// <c>""</c> so that it does not read back as a skipped empty line. Used for error reports; whatever it writes reads
/// back identically with <see cref="CsvRecordReader"/>. Strings are encoded as UTF-8 (a lone surrogate becomes U+FFFD).
/// </summary>
/// <remarks>
/// Over an <see cref="IBufferWriter{T}"/> every record goes straight to it. Over a <see cref="Stream"/> records are
/// buffered and written out when the buffer passes <see cref="StreamFlushThreshold"/> bytes (by
/// <see cref="WriteRecordAsync"/>, or <see cref="WriteRecord"/> synchronously) and by <see cref="Flush"/> /
/// <see cref="FlushAsync"/>, which the caller must call at the end.
/// </remarks>
public sealed class CsvWriter
{
    public const int StreamFlushThreshold = 64 * 1024;

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    private readonly IBufferWriter<byte> output;
    private readonly ArrayBufferWriter<byte>? pending;
    private readonly Stream? stream;

    public CsvWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
    }

    public CsvWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.pending = new ArrayBufferWriter<byte>(StreamFlushThreshold);
        this.output = this.pending;
    }

    public long RecordsWritten { get; private set; }

    /// <summary>Writes one record; it must have at least one field.</summary>
    public void WriteRecord(IEnumerable<string> fields)
    {
        this.Append(fields);
        if (this.pending is { WrittenCount: >= StreamFlushThreshold })
        {
            this.Flush();
        }
    }

    /// <summary>Writes one record; it must have at least one field.</summary>
    public ValueTask WriteRecordAsync(IEnumerable<string> fields, CancellationToken cancellationToken = default)
    {
        this.Append(fields);
        return this.pending is { WrittenCount: >= StreamFlushThreshold } ? this.FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes the buffered records to the stream (nothing to do over an <see cref="IBufferWriter{T}"/>).</summary>
    public void Flush()
    {
        if (this.pending is { WrittenCount: > 0 })
        {
            this.stream!.Write(this.pending.WrittenSpan);
            this.pending.ResetWrittenCount();
        }
    }

    /// <inheritdoc cref="Flush"/>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (this.pending is { WrittenCount: > 0 })
        {
            await this.stream!.WriteAsync(this.pending.WrittenMemory, cancellationToken);
            this.pending.ResetWrittenCount();
        }
    }

    /// <summary>
    /// True when the field must be quoted: it holds a separator, quote or line break, or starts with U+FEFF (which
    /// at the start of a file would read back as a byte order mark and be dropped).
    /// </summary>
    internal static bool NeedsQuoting(ReadOnlySpan<char> field) => field.ContainsAny(NeedsQuotes) || field.StartsWith('\uFEFF');

    private void Append(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        int count = 0;
        bool lastEmpty = false;
        foreach (string field in fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            if (count++ > 0)
            {
                this.WriteByte((byte)',');
            }

            this.WriteField(field);
            lastEmpty = field.Length == 0;
        }

        if (count == 0)
        {
            throw new ArgumentException("A CSV record needs at least one field.", nameof(fields));
        }

        if (count == 1 && lastEmpty)
        {
            this.WriteByte((byte)'"');
            this.WriteByte((byte)'"');
        }

        this.WriteByte((byte)'\n');
        this.RecordsWritten++;
    }

    private void WriteField(string field)
    {
        var text = field.AsSpan();
        if (!NeedsQuoting(text))
        {
            this.WriteText(text);
            return;
        }

        this.WriteByte((byte)'"');
        while (true)
        {
            int quote = text.IndexOf('"');
            if (quote < 0)
            {
                this.WriteText(text);
                break;
            }

            this.WriteText(text[..(quote + 1)]);
            this.WriteByte((byte)'"');
            text = text[(quote + 1)..];
        }

        this.WriteByte((byte)'"');
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = this.output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        int written = Encoding.UTF8.GetBytes(text, span);
        this.output.Advance(written);
    }

    private void WriteByte(byte value)
    {
        this.output.GetSpan(1)[0] = value;
        this.output.Advance(1);
    }
}
