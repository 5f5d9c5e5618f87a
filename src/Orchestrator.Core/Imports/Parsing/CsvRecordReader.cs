using System.Buffers;
using System.Text.Unicode;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// Reads RFC 4180 records (UTF-8, ',' separators, LF or CRLF terminators) from a stream that starts at a record
/// boundary of a file, one record per <see cref="ReadAsync"/>, with the line each record starts on and the
/// offset just after it, so that a later reader can resume there. Bad records come back as rejections (without
/// their values) and reading goes on with the next record. Memory is bounded by
/// <see cref="CsvReaderOptions.MaxRecordBytes"/>: the stream is read incrementally into a pooled buffer.
/// </summary>
/// <remarks>
/// Rules: a '"' opens a quoted field only as a field's first byte; inside one, '""' is a quote and CR/LF are data
/// (each LF counts as a line). A lone CR in an unquoted field is data; a CR just before an LF, or at the very end of
/// the stream, belongs to the terminator. An empty line (LF or CRLF alone) is skipped. A UTF-8 BOM at absolute
/// offset 0 is skipped. The reader does not own (or dispose) the stream.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    private static readonly SearchValues<byte> UnquotedSpecials = SearchValues.Create(",\n\""u8);
    private static readonly SearchValues<byte> QuotedSpecials = SearchValues.Create("\"\n"u8);

    private readonly RecordBuffer buffer;
    private readonly int maxFieldBytes;
    private readonly char[] chars;
    private readonly int? expectedColumns;
    private readonly long maxSkipBytes;
    private readonly int maxColumns;
    private long line;
    private bool disposed;

    // Scan state of the current record, resumable across buffer refills; indices are relative to its first byte.
    private ScanState state;
    private int scan;
    private int fieldStart;
    private int fieldEnd;
    private bool fieldEscaped;
    private FieldSpan[] fields = new FieldSpan[32];
    private int fieldCount;
    private int newlines;
    private string? error;
    private string? skipReason;
    private long skipFrom;

    public CsvRecordReader(Stream stream, long startOffset, long startLine, CsvReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(startLine, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFieldBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordBytes, 4, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxColumns, 1, nameof(options));
        if (options.ExpectedColumns is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ExpectedColumns must be positive when set.");
        }

        this.buffer = new RecordBuffer(stream, startOffset, options.MaxRecordBytes);
        this.maxFieldBytes = options.MaxFieldBytes;
        this.chars = ArrayPool<char>.Shared.Rent(Math.Min(options.MaxFieldBytes, options.MaxRecordBytes));
        this.expectedColumns = options.ExpectedColumns;
        this.maxSkipBytes = options.MaxSkipBytes;
        this.maxColumns = options.MaxColumns;
        this.line = startLine;
    }

    private enum ScanState : byte
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteSeen,
        AfterQuote,
        AfterQuoteCr,
    }

    /// <summary>Absolute offset where the next record (or empty line) starts.</summary>
    public long Offset => this.buffer.Offset;

    /// <summary>The line at <see cref="Offset"/>.</summary>
    public long Line => this.line;

    /// <summary>The next record, or null at end of stream.</summary>
    public ValueTask<CsvReadResult?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        return this.TryRead(out var result) ? ValueTask.FromResult(result) : this.ReadSlowAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (!this.disposed)
        {
            this.disposed = true;
            this.buffer.Dispose();
            ArrayPool<char>.Shared.Return(this.chars);
        }
    }

    private async ValueTask<CsvReadResult?> ReadSlowAsync(CancellationToken cancellationToken)
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

    /// <summary>
    /// Parses from the buffered bytes. False when more bytes are needed (then neither at end of stream nor at the
    /// record limit, so a fill makes progress); true with a record, or with null at end of stream.
    /// </summary>
    private bool TryRead(out CsvReadResult? result)
    {
        while (true)
        {
            if (!this.buffer.TrySkipBom())
            {
                result = null;
                return false;
            }

            if (this.skipReason is not null)
            {
                return this.TrySkip(out result);
            }

            var data = this.buffer.Buffered;
            int length = this.Scan(data);
            bool terminated = length >= 0;
            if (!terminated)
            {
                if (this.buffer.IsEndOfStream)
                {
                    if (data.Length == 0)
                    {
                        result = null;
                        return true;
                    }

                    this.FinishAtEndOfStream(data.Length);
                    length = data.Length;
                }
                else if (data.Length >= this.buffer.MaxRecordBytes)
                {
                    this.skipReason = this.fieldCount > this.maxColumns ? RejectionReasons.TooManyColumns(this.maxColumns)
                        : this.state is ScanState.Quoted or ScanState.QuoteSeen ? RejectionReasons.UnterminatedQuote
                        : RejectionReasons.RecordTooLarge;
                    this.skipFrom = this.buffer.Offset;
                    this.buffer.Consume(data.Length);
                    continue;
                }
                else
                {
                    result = null;
                    return false;
                }
            }

            if (this.fieldCount == 1 && this.error is null && this.fields[0].Start == 0 && this.fields[0].Length == 0)
            {
                // An empty line (LF, CRLF, or a CR at the end of the stream) is no record.
                this.buffer.Consume(length);
                this.line += terminated ? 1 : 0;
                this.ResetRecord();
                continue;
            }

            result = this.Complete(data[..length], terminated);
            return true;
        }
    }

    /// <summary>Discards bytes up to and including the next LF after a record went over the limit.</summary>
    private bool TrySkip(out CsvReadResult? result)
    {
        var data = this.buffer.Buffered;
        int lf = data.IndexOf((byte)'\n');
        if (lf < 0)
        {
            this.buffer.Consume(data.Length);
            RecordSkip.Check(this.skipFrom, this.buffer.Offset, this.maxSkipBytes, this.line);
            if (!this.buffer.IsEndOfStream)
            {
                result = null;
                return false;
            }
        }
        else
        {
            this.buffer.Consume(lf + 1);
            this.newlines++;
        }

        result = new CsvReadResult(this.line, this.buffer.Offset, this.line + this.newlines, null, this.skipReason);
        this.line += this.newlines;
        this.ResetRecord();
        return true;
    }

    private CsvReadResult Complete(ReadOnlySpan<byte> record, bool terminated)
    {
        long recordLine = this.line;
        string? rejection = this.error;
        if (this.fieldCount > this.maxColumns)
        {
            rejection = RejectionReasons.TooManyColumns(this.maxColumns);
        }
        else if (rejection is null && this.expectedColumns is int expected && this.fieldCount != expected)
        {
            rejection = RejectionReasons.WrongColumnCount(expected, this.fieldCount);
        }

        string[]? values = null;
        if (rejection is null)
        {
            values = new string[this.fieldCount];
            for (int i = 0; i < values.Length; i++)
            {
                var field = this.fields[i];
                if (this.Decode(record.Slice(field.Start, field.Length), field.Escaped) is not { } value)
                {
                    rejection = RejectionReasons.InvalidUtf8;
                    values = null;
                    break;
                }

                values[i] = value;
            }
        }

        this.buffer.Consume(record.Length);
        this.line += this.newlines + (terminated ? 1 : 0);
        this.ResetRecord();
        return new CsvReadResult(recordLine, this.buffer.Offset, this.line, values, rejection);
    }

    /// <summary>Strict UTF-8 decoding of one field, collapsing doubled quotes; null when the bytes are not UTF-8.</summary>
    private string? Decode(ReadOnlySpan<byte> bytes, bool escaped)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (Utf8.ToUtf16(bytes, this.chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return null;
        }

        var text = this.chars.AsSpan(0, written);
        if (escaped)
        {
            // Every '"' in an escaped field is the first of a pair: keep one of each pair.
            int kept = 0;
            for (int read = 0; read < text.Length; read++)
            {
                char c = text[read];
                text[kept++] = c;
                if (c == '"')
                {
                    read++;
                }
            }

            text = text[..kept];
        }

        return new string(text);
    }

    private void ResetRecord()
    {
        this.state = ScanState.FieldStart;
        this.scan = 0;
        this.fieldCount = 0;
        this.newlines = 0;
        this.error = null;
        this.skipReason = null;
    }

    /// <summary>
    /// Scans the current record from where the last call stopped. Returns its length including the LF, or -1 when
    /// the buffered bytes end first (the state is kept for the next call).
    /// </summary>
    private int Scan(ReadOnlySpan<byte> data)
    {
        int i = this.scan;
        int start = this.fieldStart;
        var current = this.state;
        while (true)
        {
            switch (current)
            {
                case ScanState.FieldStart:
                    if (i >= data.Length)
                    {
                        goto NeedMore;
                    }

                    if (data[i] == (byte)'"')
                    {
                        i++;
                        start = i;
                        this.fieldEscaped = false;
                        current = ScanState.Quoted;
                        continue;
                    }

                    start = i;
                    current = ScanState.Unquoted;
                    goto case ScanState.Unquoted;

                case ScanState.Unquoted:
                {
                    int k = data[i..].IndexOfAny(UnquotedSpecials);
                    if (k < 0)
                    {
                        i = data.Length;
                        goto NeedMore;
                    }

                    i += k;
                    byte b = data[i];
                    if (b == (byte)',')
                    {
                        this.AddField(start, i - start, escaped: false);
                        i++;
                        current = ScanState.FieldStart;
                        continue;
                    }

                    if (b == (byte)'\n')
                    {
                        int end = i > start && data[i - 1] == (byte)'\r' ? i - 1 : i;
                        this.AddField(start, end - start, escaped: false);
                        return i + 1;
                    }

                    this.error ??= RejectionReasons.QuoteInUnquotedField;
                    i++;
                    continue;
                }

                case ScanState.Quoted:
                {
                    int k = data[i..].IndexOfAny(QuotedSpecials);
                    if (k < 0)
                    {
                        i = data.Length;
                        goto NeedMore;
                    }

                    i += k + 1;
                    if (data[i - 1] == (byte)'\n')
                    {
                        this.newlines++;
                        continue;
                    }

                    current = ScanState.QuoteSeen;
                    goto case ScanState.QuoteSeen;
                }

                case ScanState.QuoteSeen:
                    if (i >= data.Length)
                    {
                        goto NeedMore;
                    }

                    if (data[i] == (byte)'"')
                    {
                        this.fieldEscaped = true;
                        i++;
                        current = ScanState.Quoted;
                        continue;
                    }

                    this.fieldEnd = i - 1;
                    current = ScanState.AfterQuote;
                    goto case ScanState.AfterQuote;

                case ScanState.AfterQuote:
                {
                    if (i >= data.Length)
                    {
                        goto NeedMore;
                    }

                    byte b = data[i];
                    if (b == (byte)',')
                    {
                        this.AddField(start, this.fieldEnd - start, this.fieldEscaped);
                        i++;
                        current = ScanState.FieldStart;
                        continue;
                    }

                    if (b == (byte)'\n')
                    {
                        this.AddField(start, this.fieldEnd - start, this.fieldEscaped);
                        return i + 1;
                    }

                    if (b == (byte)'\r')
                    {
                        i++;
                        current = ScanState.AfterQuoteCr;
                        goto case ScanState.AfterQuoteCr;
                    }

                    this.error ??= RejectionReasons.TextAfterClosingQuote;
                    current = ScanState.Unquoted;
                    continue;
                }

                case ScanState.AfterQuoteCr:
                    if (i >= data.Length)
                    {
                        goto NeedMore;
                    }

                    if (data[i] == (byte)'\n')
                    {
                        this.AddField(start, this.fieldEnd - start, this.fieldEscaped);
                        return i + 1;
                    }

                    this.error ??= RejectionReasons.TextAfterClosingQuote;
                    current = ScanState.Unquoted;
                    continue;
            }
        }

    NeedMore:
        this.scan = i;
        this.fieldStart = start;
        this.state = current;
        return -1;
    }

    /// <summary>Ends the last field of a record that the end of the stream terminates.</summary>
    private void FinishAtEndOfStream(int length)
    {
        switch (this.state)
        {
            case ScanState.FieldStart:
                this.AddField(length, 0, escaped: false);
                break;
            case ScanState.Unquoted:
                int end = length > this.fieldStart && this.buffer.Buffered[length - 1] == (byte)'\r' ? length - 1 : length;
                this.AddField(this.fieldStart, end - this.fieldStart, escaped: false);
                break;
            case ScanState.Quoted:
                this.error ??= RejectionReasons.UnterminatedQuote;
                break;
            case ScanState.QuoteSeen:
                this.AddField(this.fieldStart, length - 1 - this.fieldStart, this.fieldEscaped);
                break;
            case ScanState.AfterQuote:
            case ScanState.AfterQuoteCr:
                this.AddField(this.fieldStart, this.fieldEnd - this.fieldStart, this.fieldEscaped);
                break;
        }
    }

    private void AddField(int start, int length, bool escaped)
    {
        if (this.fieldCount > this.maxColumns)
        {
            // Already too many: the record is rejected for that, and the rest of its fields are not counted.
            return;
        }

        if (length > this.maxFieldBytes)
        {
            this.error ??= RejectionReasons.FieldTooLarge(length, this.maxFieldBytes);
        }

        int index = this.fieldCount++;
        if (this.error is not null || index >= this.expectedColumns || index >= this.maxColumns)
        {
            // Only the count matters now: the record is rejected either way.
            return;
        }

        if (index == this.fields.Length)
        {
            Array.Resize(ref this.fields, this.fields.Length * 2);
        }

        this.fields[index] = new FieldSpan(start, length, escaped);
    }

    private readonly record struct FieldSpan(int Start, int Length, bool Escaped);
}
